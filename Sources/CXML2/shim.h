// libxml2's HTML parser (Debian's libxml2-dev): a forgiving parser for saved web pages.
// libxml2 built with ICU would pull the system's ICU headers in, which clash with the copy
// Foundation carries: none of its API that reader uses needs them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>

/// The options every page is parsed with: recover from any error, say nothing, never touch the network.
static inline int reader_html_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
}
