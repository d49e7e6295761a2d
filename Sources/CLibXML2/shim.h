// libxml2 can be built with ICU; its headers then drag in ICU's UErrorCode,
// which clashes with Foundation's. We never use libxml2's ICU paths.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
