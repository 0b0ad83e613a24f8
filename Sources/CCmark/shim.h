// cmark-gfm (GitHub's CommonMark parser, Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev):
// the parser, its source positions and the table, strikethrough and autolink extensions.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static inline int reader_cmark_opt_sourcepos(void) { return CMARK_OPT_SOURCEPOS; }
// Source positions, and footnotes (`[^1]` references, `[^1]: text` definitions, moved to the end).
static inline int reader_cmark_options(void) { return CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES; }
