// The words of OpenCC's dictionaries, read through OpenCC's own C++ API. OpenCC's C API converts
// but does not show its dictionaries; Tiqu needs their keys to know which characters to probe and
// which text converts character by character (see Swift's `Triggers` and `PhraseKeys`). This
// header is plain C so that Swift sees no C++.
#ifndef COPENCC_KEYS_H
#define COPENCC_KEYS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Every key of the dictionaries that the configuration `config` (a name such as "t2s.json",
/// found as OpenCC finds it) segments and converts with, each followed by '\n'; free it with
/// `copencc_keys_free`. NULL when the configuration cannot be loaded, when its conversion chain
/// has more than one step (a later step would read an earlier one's output, not the text), or when
/// a dictionary cannot list its keys.
char *copencc_keys(const char *config);

void copencc_keys_free(char *keys);

#ifdef __cplusplus
}
#endif

#endif
