#ifndef READER_CWIDTH_H
#define READER_CWIDTH_H

/// Fills widths[k] with the C library's wcwidth(first + k), k < count, under a UTF-8 locale: the
/// widths ncursesw draws with in a UTF-8 terminal (-1: not printable). Returns 0, or -1 when the
/// system has no UTF-8 locale (widths untouched). The locale is set for the calling thread only,
/// and restored: no global state changes.
int reader_utf8_widths(signed char *widths, unsigned int first, unsigned int count);

#endif
