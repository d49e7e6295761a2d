#include "copencc_keys.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MaxMatchSegmentation.hpp>

namespace {

/// Whether a UTF-8 key holds more than one character (a lead byte after the first byte).
bool multiChar(const std::string &key) {
  for (size_t i = 1; i < key.size(); i++) {
    if ((static_cast<unsigned char>(key[i]) & 0xC0) != 0x80) return true;
  }
  return false;
}

void appendKeys(const opencc::DictPtr &dict, std::string &out) {
  if (!dict) throw std::runtime_error("no dictionary");
  const opencc::LexiconPtr lexicon = dict->GetLexicon();
  if (!lexicon) throw std::runtime_error("no lexicon");
  for (const auto &entry : *lexicon) {
    const std::string key = entry->Key();
    if (multiChar(key)) out += key + "\n";
  }
}

}  // namespace

extern "C" char *copencc_multi_char_keys(const char *config) {
  try {
    opencc::Config loader;
    const opencc::ConverterPtr converter = loader.NewFromFile(config);
    const auto conversions = converter->GetConversionChain()->GetConversions();
    const auto segmentation =
        std::dynamic_pointer_cast<opencc::MaxMatchSegmentation>(converter->GetSegmentation());
    if (conversions.size() != 1 || !segmentation) return nullptr;
    std::string keys;
    appendKeys(segmentation->GetDict(), keys);
    appendKeys(conversions.front()->GetDict(), keys);
    char *out = static_cast<char *>(std::malloc(keys.size() + 1));
    if (out) std::memcpy(out, keys.c_str(), keys.size() + 1);
    return out;
  } catch (...) {
    return nullptr;
  }
}

extern "C" void copencc_keys_free(char *keys) { std::free(keys); }
