#pragma once

#include "httptransport.h"

#include <QtGlobal>

namespace cicada {

/**
 * @brief A fast path for the common HTTP/1.1 response: a whole response (status line, headers and
 *        a Content-Length body) that arrived in one read.
 *
 * http-parser reads a response one byte at a time through a state machine (about 4,500
 * instructions for nginx's 150-byte reply to GET /, a third of the raw client's own work per
 * request); this parser finds lines with memchr. It only accepts what it can parse exactly as
 * http-parser would and answers NotSimple for anything else — a chunked or read-until-close body,
 * a 1xx/204/304 status, a response to HEAD, a duplicate Content-Length, folded or unusual
 * header lines, a body not complete in @p data, bytes that are not allowed — and then the caller
 * gives the same bytes to http-parser, which reports malformed input. So a response parses to the
 * same status, headers, body and keep-alive decision either way (tests/core/http compares them).
 */
class SimpleResponseParser
{
public:
    struct Result
    {
        int status = 0;
        HttpHeaders headers;
        QByteArray body;
        bool keepAlive = true;
        bool setCookie = false;   ///< a Set-Cookie header is among the headers
        qsizetype consumed = 0;   ///< bytes of @p data the response took
        qint64 contentLength = 0; ///< the body's announced length
    };

    /** Parses one complete response at the start of @p data into @p result (true), or leaves the
     *  parse to http-parser (false; @p result is then unspecified). Without @p allHeaders only
     *  Set-Cookie and Location headers are kept (HttpRequest::wantHeaders). */
    static bool parse(const char *data, qsizetype size, Result &result, bool allHeaders = true);
    /** A header name as bytes: one of the names servers commonly send, spelled as they send it,
     *  is referenced (QByteArray::fromRawData), not copied. */
    [[nodiscard]] static QByteArray headerName(const char *at, qsizetype length);
};

} // namespace cicada
