#pragma once

#include "import/recordedexchange.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace cicada {

/**
 * @brief Reads a HAR 1.2 file (HTTP Archive, as browsers export it) into RecordedExchanges.
 *
 * Reads `log.entries[]`: `startedDateTime` (ISO 8601), `time` (ms), `request` (method, url,
 * headers, cookies, postData.mimeType/text), `response` (status, content.mimeType, headers for
 * Set-Cookie, cookies) and Chromium's extensions `_resourceType` and `_webSocketMessages`
 * (`{"type": "send"|"receive", "time": epoch seconds, "opcode": 1|2, "data": "..."}`).
 * Entries come out in the order of their start time.
 *
 * A file that is not a HAR gives no exchanges and one error; an entry without a usable request
 * is skipped with an error naming its JSON path (`$.log.entries[3].request.url`), and reading
 * goes on.
 */
class HarReader
{
public:
    [[nodiscard]] static QList<RecordedExchange> read(const QByteArray &json, QStringList *errors);
};

} // namespace cicada
