// ICU's regular expressions (Debian 12: libicu-dev, ICU 72) behind a few plain C functions.
// ICU renames each entry point with its version (uregex_open → uregex_open_72), and its headers
// define UErrorCode, which Swift's Foundation also defines from its own copy of ICU; two module
// definitions of one C enum do not compile. So this header shows Swift only stdint types and an
// opaque handle, and cicu.c, which includes ICU's headers, does the calls.
#ifndef CICU_H
#define CICU_H

#include <stdbool.h>
#include <stdint.h>

/// A compiled pattern or a clone of one (ICU's URegularExpression).
typedef struct cicu_regex_s *cicu_regex;

/// Whether an ICU status is a failure (warnings are not).
bool cicu_failed(int32_t status);

/// ICU's name for a status, such as "U_REGEX_TIME_OUT".
const char *cicu_error_name(int32_t status);

/// Compiles `pattern` (UTF-16, `length` units) with no flags; on failure returns NULL, with the
/// status in `*status` and the UTF-16 offset of a syntax error in `*offset`.
cicu_regex cicu_regex_open(const uint16_t *pattern, int32_t length, int32_t *status, int32_t *offset);

/// A clone that shares the compiled program: one per thread that matches at the same time.
cicu_regex cicu_regex_clone(cicu_regex regex, int32_t *status);

void cicu_regex_close(cicu_regex regex);

int32_t cicu_regex_group_count(cicu_regex regex);

/// Points `regex` at `text` (not copied: it must outlive the matching) and sets the time limit
/// for all the matching of that text, in ICU's ticks of about ten thousand match steps.
int32_t cicu_regex_set_text(cicu_regex regex, const uint16_t *text, int32_t length, int32_t ticks);

/// The next match after the previous one (or from the start after cicu_regex_set_text):
/// true when found; a failure such as a time-out leaves its code in `*status`.
bool cicu_regex_find_next(cicu_regex regex, int32_t *status);

/// Whether a match starts at `index` (tried there alone, the whole text in view): true when found;
/// a failure such as a time-out leaves its code in `*status`.
bool cicu_regex_looking_at(cicu_regex regex, int32_t index, int32_t *status);

/// Resets the matcher (its time count too) and finds the first match at or after `index`;
/// cicu_regex_find_next goes on from it.
bool cicu_regex_find_from(cicu_regex regex, int32_t index, int32_t *status);

/// The time limit of each match operation from now on, in ticks.
int32_t cicu_regex_set_time_limit(cicu_regex regex, int32_t ticks);

/// Start and end (UTF-16 offsets) of `group` in the last match; -1 when it took no part.
int32_t cicu_regex_start(cicu_regex regex, int32_t group);
int32_t cicu_regex_end(cicu_regex regex, int32_t group);

#endif
