"""The catalog: every imported release of every official file, and its rows as CMS published them.

Field names match the reader records in openrvu.sources, so an import copies fields by name.
"""

from django.db import models


class Release(models.Model):
    """One edition of one official file kind, with the dates it is in force (effective_to blank: until superseded)."""

    kind = models.CharField(max_length=20)
    name = models.CharField(max_length=60)
    part = models.CharField(max_length=10, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source_file = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    record_count = models.IntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "name", "part"], name="release_kind_name_part")]
        ordering = ["kind", "effective_from"]

    def __str__(self):
        return self.name


class RvuRow(models.Model):
    """A row of the PFS relative value file (PPRRVU): a code, or a code with modifier 26, TC or 53."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="rvu_rows")
    hcpcs = models.CharField(max_length=5)
    modifier = models.CharField(max_length=2, blank=True)
    description = models.CharField(max_length=60)
    status = models.CharField(max_length=1)
    not_used_for_medicare = models.CharField(max_length=1, blank=True)
    work_rvu = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    nonfac_pe_rvu = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    nonfac_na = models.CharField(max_length=2, blank=True)
    fac_pe_rvu = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    fac_na = models.CharField(max_length=2, blank=True)
    mp_rvu = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    nonfac_total = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    fac_total = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    pctc = models.CharField(max_length=1)
    global_days = models.CharField(max_length=3)
    preop = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    intraop = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    postop = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    mult_proc = models.CharField(max_length=1)
    bilateral = models.CharField(max_length=1)
    assistant = models.CharField(max_length=1)
    co_surgeon = models.CharField(max_length=1)
    team_surgery = models.CharField(max_length=1)
    pricing_ind = models.CharField(max_length=1, blank=True)
    endo_base = models.CharField(max_length=5, blank=True)
    conversion_factor = models.DecimalField(max_digits=9, decimal_places=4, null=True)
    supervision = models.CharField(max_length=2, blank=True)
    calculation_flag = models.CharField(max_length=1, blank=True)
    imaging_family = models.CharField(max_length=2, blank=True)
    opps_nonfac_pe = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    opps_fac_pe = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    opps_mp = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["hcpcs", "modifier"], name="rvu_code_mod"),
                   models.Index(fields=["release", "hcpcs", "modifier"], name="rvu_release_code_mod"),
                   models.Index(fields=["release", "endo_base"], name="rvu_release_endo_base")]


class Locality(models.Model):
    """A Medicare payment locality and its GPCIs for one year (GPCI file, Addendum E)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="localities")
    mac = models.CharField(max_length=5)
    state = models.CharField(max_length=2)
    locality = models.CharField(max_length=2)
    name = models.CharField(max_length=100)
    work_gpci = models.DecimalField(max_digits=6, decimal_places=3)
    pe_gpci = models.DecimalField(max_digits=6, decimal_places=3)
    mp_gpci = models.DecimalField(max_digits=6, decimal_places=3)

    class Meta:
        indexes = [models.Index(fields=["mac", "locality"], name="locality_mac_loc")]


class CountyLocality(models.Model):
    """A row of the locality–county crosswalk (LOCCO)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="county_rows")
    mac = models.CharField(max_length=5)
    locality = models.CharField(max_length=2)
    state = models.CharField(max_length=40, blank=True)
    fee_schedule_area = models.CharField(max_length=200)
    counties = models.CharField(max_length=500)


class AnesthesiaFactor(models.Model):
    """An anesthesia conversion factor for a locality, or the national one (blank MAC and locality)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="anesthesia_factors")
    mac = models.CharField(max_length=5, blank=True)
    locality = models.CharField(max_length=2, blank=True)
    name = models.CharField(max_length=100)
    conversion_factor = models.DecimalField(max_digits=9, decimal_places=4)


class HcpcsItem(models.Model):
    """A HCPCS Level II procedure code or modifier from the CMS alpha-numeric file."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="hcpcs_items")
    code = models.CharField(max_length=5)
    is_modifier = models.BooleanField()
    long_description = models.TextField()
    short_description = models.CharField(max_length=40)
    pricing_indicators = models.CharField(max_length=20, blank=True)
    multiple_pricing_indicator = models.CharField(max_length=1, blank=True)
    cim_references = models.CharField(max_length=30, blank=True)
    mcm_references = models.CharField(max_length=40, blank=True)
    statute = models.CharField(max_length=10, blank=True)
    lab_certifications = models.CharField(max_length=40, blank=True)
    cross_references = models.CharField(max_length=40, blank=True)
    coverage = models.CharField(max_length=1, blank=True)
    asc_group = models.CharField(max_length=2, blank=True)
    asc_date = models.DateField(null=True)
    opps_group = models.CharField(max_length=3, blank=True)
    opps_indicator = models.CharField(max_length=1, blank=True)
    opps_date = models.DateField(null=True)
    processing_note = models.CharField(max_length=4, blank=True)
    betos = models.CharField(max_length=3, blank=True)
    types_of_service = models.CharField(max_length=20, blank=True)
    anesthesia_base_units = models.IntegerField(null=True)
    add_date = models.DateField(null=True)
    action_effective_date = models.DateField(null=True)
    termination_date = models.DateField(null=True)
    action_code = models.CharField(max_length=1, blank=True)

    class Meta:
        indexes = [models.Index(fields=["code"], name="hcpcs_code"),
                   models.Index(fields=["release", "code"], name="hcpcs_release_code")]


class MueEdit(models.Model):
    """A practitioner Medically Unlikely Edit: the most units of a code per beneficiary per day."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="mue_edits")
    code = models.CharField(max_length=5)
    mue_value = models.IntegerField()
    adjudication_indicator = models.IntegerField()
    adjudication_text = models.CharField(max_length=100)
    rationale = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["code"], name="mue_code"),
                   models.Index(fields=["release", "code"], name="mue_release_code")]


class PtpEdit(models.Model):
    """A practitioner procedure-to-procedure edit: column 2 is not paid with column 1 unless a modifier allows."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="ptp_edits")
    column1 = models.CharField(max_length=5)
    column2 = models.CharField(max_length=5)
    prior_1996 = models.BooleanField()
    effective_date = models.DateField()
    deletion_date = models.DateField(null=True)
    modifier_indicator = models.IntegerField()
    rationale = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["column1", "column2"], name="ptp_pair")]


class AdjustmentCode(models.Model):
    """A Claim Adjustment Reason Code (CARC) or Remittance Advice Remark Code (RARC)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="adjustment_codes")
    code = models.CharField(max_length=10)
    code_type = models.CharField(max_length=10)
    description = models.TextField()
    effective_date = models.DateField(null=True)
    deactivation_date = models.DateField(null=True)
    last_modified = models.DateField(null=True)
    note = models.TextField(blank=True)
    scenario = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["code"], name="adjustment_code")]


class SearchDocument(models.Model):
    """One code of one PFS or HCPCS release as search sees it: every text it can be found by, built from the
    release's rows and the authored content by openrvu.services.search_documents after each import."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="search_documents")
    code = models.CharField(max_length=5)
    modifiers = models.CharField(max_length=40, blank=True)  # the PFS rows' modifiers, space-separated ("" 26 TC)
    status = models.CharField(max_length=1, blank=True)  # PFS status indicator; blank for HCPCS-only rows
    terminated = models.DateField(null=True)  # HCPCS termination date, when the file gives one
    short_descriptor = models.CharField(max_length=60)
    long_descriptor = models.TextField(blank=True)  # HCPCS Level II long description (public domain)
    full_name = models.TextField(blank=True)  # the short descriptor with its abbreviations expanded
    expansions = models.TextField(blank=True)  # the expansion of each abbreviation the table knows
    readings = models.TextField(blank=True, default="")  # acronyms' meanings, every reading of ambiguous ones
    authored_name = models.TextField(blank=True)  # openrvu's own name (authored content)
    also_known_as = models.TextField(blank=True)
    plain_language = models.TextField(blank=True)
    synonyms = models.TextField(blank=True)  # words from openrvu/content/search/synonyms.yaml the texts call for
    categories = models.TextField(blank=True)  # category names from the system down

    class Meta:
        indexes = [models.Index(fields=["release", "code"], name="search_release_code")]


class SearchIndexBuild(models.Model):
    """The latest build of the search documents: a random token that changes with every rebuild (so each
    process knows when to reload its in-memory index) and a hash of the content files it used."""

    token = models.CharField(max_length=32)
    content_hash = models.CharField(max_length=64)
    documents = models.IntegerField()
    built_at = models.DateTimeField(auto_now_add=True)
