"""Letters of credit: the MT700 / 701 / 707 messages (`swift`, `fields`, `messages`), the credit
as kept on the register (`model`, `rows`), the UCP 600 / ISBP 745 checks of the documents against
it (`checks`) and the presentation planner (`planner`). Pure: no file, no workbook."""
