#include "cicu.h"

#include <unicode/uregex.h>
#include <unicode/utypes.h>

#define RE(regex) ((URegularExpression *)(regex))

bool cicu_failed(int32_t status) { return U_FAILURE((UErrorCode)status); }

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

cicu_regex cicu_regex_open(const uint16_t *pattern, int32_t length, int32_t *status, int32_t *offset) {
    UParseError parse = {0};
    UErrorCode code = U_ZERO_ERROR;
    URegularExpression *regex = uregex_open((const UChar *)pattern, length, 0, &parse, &code);
    *status = code;
    *offset = parse.offset;
    if (U_FAILURE(code)) {
        uregex_close(regex);
        return NULL;
    }
    return (cicu_regex)regex;
}

cicu_regex cicu_regex_clone(cicu_regex regex, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    URegularExpression *copy = uregex_clone(RE(regex), &code);
    *status = code;
    return (cicu_regex)copy;
}

void cicu_regex_close(cicu_regex regex) { uregex_close(RE(regex)); }

int32_t cicu_regex_group_count(cicu_regex regex) {
    UErrorCode code = U_ZERO_ERROR;
    return uregex_groupCount(RE(regex), &code);
}

int32_t cicu_regex_set_text(cicu_regex regex, const uint16_t *text, int32_t length, int32_t ticks) {
    UErrorCode code = U_ZERO_ERROR;
    uregex_setText(RE(regex), (const UChar *)text, length, &code);
    if (U_SUCCESS(code)) uregex_setTimeLimit(RE(regex), ticks, &code);
    return code;
}

bool cicu_regex_find_next(cicu_regex regex, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBool found = uregex_findNext(RE(regex), &code);
    *status = code;
    return U_SUCCESS(code) && found;
}

bool cicu_regex_looking_at(cicu_regex regex, int32_t index, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBool found = uregex_lookingAt(RE(regex), index, &code);
    *status = code;
    return U_SUCCESS(code) && found;
}

bool cicu_regex_find_from(cicu_regex regex, int32_t index, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBool found = uregex_find(RE(regex), index, &code);
    *status = code;
    return U_SUCCESS(code) && found;
}

int32_t cicu_regex_set_time_limit(cicu_regex regex, int32_t ticks) {
    UErrorCode code = U_ZERO_ERROR;
    uregex_setTimeLimit(RE(regex), ticks, &code);
    return code;
}

int32_t cicu_regex_start(cicu_regex regex, int32_t group) {
    UErrorCode code = U_ZERO_ERROR;
    return uregex_start(RE(regex), group, &code);
}

int32_t cicu_regex_end(cicu_regex regex, int32_t group) {
    UErrorCode code = U_ZERO_ERROR;
    return uregex_end(RE(regex), group, &code);
}
