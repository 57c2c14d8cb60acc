// Fuzz target: the result-file reader, and what `cicada-cli report` does with what it read.
#include "report/htmlreport.h"
#include "report/resultfile.h"
#include "report/runresult.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    RunResult result;
    QString error;
    if (!ResultFile::fromText(bytes, &result, &error))
        return 0;
    (void)ResultFile::toText(result);
    (void)HtmlReport::render(result);
    return 0;
}
