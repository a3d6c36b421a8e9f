"""The one error every reader raises for a file it refuses."""

from openrvu.errors import UserError


class SourceError(UserError):
    """A file was refused: says which file, and where possible the line, column and field."""

    def __init__(self, file, message, line=None, column=None, field=None):
        self.file = file
        self.message = message
        self.line = line
        self.column = column
        self.field = field
        super().__init__(str(self))

    def __str__(self):
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}" + (f" ({self.field})" if self.field else ""))
        elif self.field:
            where.append(f"field {self.field}")
        return ", ".join(where) + ": " + self.message
