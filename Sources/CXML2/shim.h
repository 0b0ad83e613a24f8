// libxml2's HTML parser (Debian's libxml2-dev): a forgiving parser for saved web pages.
// libxml2 built with ICU would pull the system's ICU headers in, which clash with the copy
// Foundation carries: none of its API that reader uses needs them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>

/// The options every page is parsed with: recover from any error, say nothing, never touch the
/// network, no depth limit (a page of 10,000 nested divs keeps its text); with `ignoreCharset`,
/// the page's own charset declaration is not followed (reader decoded it already).
static inline int reader_html_options(int ignoreCharset) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE
        | (ignoreCharset ? HTML_PARSE_IGNORE_ENC : 0);
}

static void reader_xml_no_message(void *context, const char *message, ...) { (void)context; (void)message; }
static void reader_xml_no_error(void *context, xmlErrorPtr error) { (void)context; (void)error; }

/// libxml2 prints some errors (encoding ones) even with HTML_PARSE_NOERROR, to standard error,
/// under the reader's screen: its handlers, per thread, say nothing instead.
static inline void reader_xml_silence(void) {
    xmlSetGenericErrorFunc(NULL, reader_xml_no_message);
    xmlSetStructuredErrorFunc(NULL, reader_xml_no_error);
}
