// Fuzz target: the threshold parser (profile "thresholds" and --threshold).
#include "profile/threshold.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    Threshold::ParseError error;
    const std::optional<Threshold> t = Threshold::parse(text, &error);
    if (!t)
        (void)error.toString(text);
    return 0;
}
