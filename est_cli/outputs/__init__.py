"""Writing the files people open: atomic replacement, Excel cell and print helpers, Excel-Swedish CSV
and Word settings that Word accepts. Shared by every writer (workbook, trend, compilation, blank
checklists, the lägesbild); none of them knows about the archive.

- `atomic` – write to a temporary file beside the target, then move it into place;
- `xlsx` – text that is never a formula, wrapped-line estimates, the print set-up, the palette;
- `excel_csv` – semicolon CSV with a BOM and decimal commas, as Swedish Excel reads it;
- `docx` – package fixes python-docx's default template needs to be valid Office Open XML.
"""
