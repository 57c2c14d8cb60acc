// Fuzz target: the redaction point on server-controlled text (names, errors, close reasons).
#include "redact/secretscrubber.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    static const SecretScrubber scrubber = [] {
        SecretScrubber s;
        s.addSecret(QStringLiteral("SeCrEtCoOkIe-12345"));
        s.addSecret(QStringLiteral("TOPSECRET"));
        return s;
    }();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString once = scrubber.scrub(text);
    // Idempotent, and no known secret survives.
    if (scrubber.scrub(once) != once || once.contains(QLatin1String("TOPSECRET")))
        __builtin_trap();
    return 0;
}
