#define _GNU_SOURCE 1
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>
#include "CWidth.h"

int reader_utf8_widths(signed char *widths, unsigned int first, unsigned int count) {
    // glibc's UTF-8 locales all take their widths from its one UTF-8 charmap; C.UTF-8 is there on
    // every Debian and Ubuntu system (and in glibc itself since 2.35). The user's own locale
    // comes last, when it is UTF-8.
    static const char *const names[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8", "" };
    for (unsigned int n = 0; n < sizeof names / sizeof names[0]; n++) {
        locale_t locale = newlocale(LC_CTYPE_MASK, names[n], (locale_t)0);
        if (locale == (locale_t)0) continue;
        const char *codeset = nl_langinfo_l(CODESET, locale);
        if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) { freelocale(locale); continue; }
        locale_t previous = uselocale(locale);
        for (unsigned int k = 0; k < count; k++) widths[k] = (signed char)wcwidth((wchar_t)(first + k));
        uselocale(previous);
        freelocale(locale);
        return 0;
    }
    return -1;
}
