from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_documents")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="readings",
            field=models.TextField(blank=True, default=""),
        ),
    ]
