#include "simpleresponseparser.h"

#include <array>
#include <cstring>
#include <string_view>

namespace cicada {

namespace {

constexpr std::string_view kVersion = "HTTP/1.1 ";
constexpr int kStatusDigits = 3;
constexpr qsizetype kExpectedHeaderCount = 12;
constexpr qint64 kMaxContentLength = qint64(1) << 40;

// RFC 9110 token characters: a header name made of anything else goes to http-parser.
constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[size_t(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        table[size_t(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c)
        table[size_t(c)] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[size_t(static_cast<unsigned char>(c))] = true;
    return table;
}();

// Header value bytes http-parser takes without question: visible ASCII, space, tab and bytes
// >= 0x80 (not CR, LF, other control bytes or DEL).
constexpr std::array<bool, 256> kValueChars = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 256; ++c)
        table[size_t(c)] = c != 0x7f;
    table[size_t('\t')] = true;
    return table;
}();

// The header names servers commonly send, as they spell them: referenced, not copied.
constexpr std::array<std::string_view, 16> kCommonNames = {
    "Server",        "Date",          "Content-Type",     "Content-Length",
    "Connection",    "Keep-Alive",    "Last-Modified",    "ETag",
    "Accept-Ranges", "Cache-Control", "Expires",          "Transfer-Encoding",
    "Vary",          "Set-Cookie",    "Content-Encoding", "Location",
};

bool equalsLower(const char *at, qsizetype length, std::string_view lower)
{
    if (length != qsizetype(lower.size()))
        return false;
    for (qsizetype i = 0; i < length; ++i) {
        char c = at[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lower[size_t(i)])
            return false;
    }
    return true;
}

/** The end of the plain value bytes from @p p: the line's CR if the line is plain and ends in
 *  CRLF within @p end, else nullptr. */
const char *plainLineEnd(const char *p, const char *end)
{
    while (p < end && kValueChars[size_t(static_cast<unsigned char>(*p))])
        ++p;
    if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
        return nullptr;
    return p;
}

} // namespace

QByteArray SimpleResponseParser::headerName(const char *at, qsizetype length)
{
    for (const std::string_view name : kCommonNames) {
        if (qsizetype(name.size()) == length && std::memcmp(name.data(), at, size_t(length)) == 0)
            return QByteArray::fromRawData(name.data(), length);
    }
    return QByteArray(at, length);
}

bool SimpleResponseParser::parse(const char *data, qsizetype size, Result &result, bool allHeaders)
{
    const char *const end = data + size;
    const auto versionSize = qsizetype(kVersion.size());
    if (size < versionSize + kStatusDigits + 2 ||
        std::memcmp(data, kVersion.data(), kVersion.size()) != 0)
        return false;
    const char *p = data + versionSize;
    int status = 0;
    for (int i = 0; i < kStatusDigits; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        status = status * 10 + (p[i] - '0');
    }
    p += kStatusDigits;
    // 1xx, 204 and 304 have their own body rules; leave them to http-parser.
    if (status < 200 || status == 204 || status == 304)
        return false;
    if (*p != ' ' && *p != '\r')
        return false;
    const char *cr = plainLineEnd(p, end);
    if (!cr)
        return false;
    p = cr + 2;

    result.status = status;
    result.headers.clear();
    if (allHeaders)
        result.headers.reserve(kExpectedHeaderCount);
    result.keepAlive = true;
    result.setCookie = false;
    bool haveLength = false;
    qint64 length = 0;
    for (;;) {
        if (end - p < 2)
            return false;
        if (p[0] == '\r') {
            if (p[1] != '\n')
                return false;
            p += 2;
            break; // end of the headers
        }
        const char *name = p;
        while (p < end && kTokenChars[size_t(static_cast<unsigned char>(*p))])
            ++p;
        if (p == end || *p != ':' || p == name)
            return false; // folded lines, spaces before the colon, bad bytes: http-parser's job
        const qsizetype nameSize = p - name;
        ++p;
        const char *value = p;
        while (value < end && (*value == ' ' || *value == '\t'))
            ++value;
        const char *valueEnd = plainLineEnd(value, end);
        if (!valueEnd)
            return false;
        if (valueEnd > value && (valueEnd[-1] == ' ' || valueEnd[-1] == '\t'))
            return false; // trailing white space: keep http-parser's reading of it
        const qsizetype valueSize = valueEnd - value;
        p = valueEnd + 2;

        bool keep = allHeaders;
        constexpr qsizetype kShortestSpecialName = 7; // "upgrade"
        constexpr qsizetype kLongestSpecialName = 17; // "transfer-encoding"
        if (nameSize < kShortestSpecialName || nameSize > kLongestSpecialName) {
            // none of the names below
        } else if (equalsLower(name, nameSize, "content-length")) {
            if (haveLength || valueSize == 0)
                return false;
            for (qsizetype i = 0; i < valueSize; ++i) {
                if (value[i] < '0' || value[i] > '9' || length > kMaxContentLength)
                    return false;
                length = length * 10 + (value[i] - '0');
            }
            haveLength = true;
        } else if (equalsLower(name, nameSize, "transfer-encoding") ||
                   equalsLower(name, nameSize, "upgrade") ||
                   equalsLower(name, nameSize, "proxy-connection")) {
            return false;
        } else if (equalsLower(name, nameSize, "connection")) {
            if (equalsLower(value, valueSize, "close"))
                result.keepAlive = false;
            else if (!equalsLower(value, valueSize, "keep-alive"))
                return false; // token lists ("keep-alive, Upgrade"): http-parser decides
        } else if (equalsLower(name, nameSize, "set-cookie")) {
            result.setCookie = true;
            keep = true;
        } else if (equalsLower(name, nameSize, "location")) {
            keep = true;
        }
        if (keep)
            result.headers.append({headerName(name, nameSize), QByteArray(value, valueSize)});
    }
    if (!haveLength || end - p < length)
        return false; // a body without a length, or not all of it here yet
    result.contentLength = length;
    result.body = QByteArray(p, qsizetype(length));
    result.consumed = (p - data) + qsizetype(length);
    return true;
}

} // namespace cicada
