#include "copencc_keys.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
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

void appendKeys(const opencc::DictPtr &dict, std::string &out) {
  if (!dict) throw std::runtime_error("no dictionary");
  const opencc::LexiconPtr lexicon = dict->GetLexicon();
  if (!lexicon) throw std::runtime_error("no lexicon");
  for (const auto &entry : *lexicon) {
    out += entry->Key() + "\n";
  }
}

}  // namespace

extern "C" char *copencc_keys(const char *config) {
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
