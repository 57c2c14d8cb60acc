#include "engine/jsonfieldscanner.h"

#include "engine/jsonpointer.h"

#include <QVarLengthArray>

namespace cicada {

namespace {

/// Deeper text is rare in messages; QJsonDocument handles it.
constexpr int kMaxDepth = 32;
/// Integers up to 15 digits are exact in a double and in qint64, so their text is canonical.
constexpr qsizetype kMaxIntegerDigits = 15;
/// A fraction this short cannot overflow or underflow a double (Qt rejects those).
constexpr qsizetype kMaxPlainNumberChars = 20;

enum class Kind
{
    Other,
    Scalar
};

/// Reference tokens of a pointer, as views into it (still ~-escaped).
using Tokens = QVarLengthArray<QStringView, 8>;

/** RFC 6901 array index: "0" or digits without a leading zero; -1 otherwise. */
qsizetype arrayIndex(QStringView token)
{
    if (token.isEmpty() || token.size() > 18 || (token.size() > 1 && token.front() == u'0'))
        return -1;
    qsizetype index = 0;
    for (QChar c : token) {
        if (c < u'0' || c > u'9')
            return -1;
        index = index * 10 + (c.unicode() - u'0');
    }
    return index;
}

/** Whether the ASCII object key @p key equals the escaped pointer token @p token. */
bool keyEquals(QByteArrayView key, QStringView token)
{
    qsizetype k = 0;
    for (qsizetype t = 0; t < token.size(); ++t, ++k) {
        char16_t c = token[t].unicode();
        if (c == u'~') {
            c = token[t + 1] == u'1' ? u'/' : u'~'; // JsonPointer::isValid checked the escapes
            ++t;
        }
        if (k >= key.size() || char16_t(static_cast<unsigned char>(key[k])) != c)
            return false;
    }
    return k == key.size();
}

class Scanner
{
public:
    Scanner(const QByteArray &json, const Tokens &tokens)
        : m_p(json.constData()), m_end(json.constData() + json.size()), m_tokens(tokens)
    {}

    JsonFieldScanner::Outcome run(QString *compact)
    {
        skipSpace();
        if (m_p == m_end || (*m_p != '{' && *m_p != '['))
            return JsonFieldScanner::Outcome::Unsure;
        if (!value(0, 0))
            return JsonFieldScanner::Outcome::Unsure;
        skipSpace();
        if (m_p != m_end)
            return JsonFieldScanner::Outcome::Unsure;
        if (!m_found)
            return JsonFieldScanner::Outcome::Absent;
        if (m_foundKind != Kind::Scalar)
            return JsonFieldScanner::Outcome::Unsure;
        compact->append(QLatin1StringView(m_foundBegin, m_foundEnd - m_foundBegin));
        return JsonFieldScanner::Outcome::Found;
    }

private:
    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    /** @p pathDepth >= 0: this value is on the pointer's path, that many tokens matched. */
    bool value(int depth, int pathDepth)
    {
        skipSpace();
        if (m_p == m_end)
            return false;
        const bool target = pathDepth == m_tokens.size();
        const char *begin = m_p;
        Kind kind = Kind::Other;
        bool ok = false;
        switch (*m_p) {
        case '{':
            ok = object(depth + 1, target ? -1 : pathDepth);
            break;
        case '[':
            ok = array(depth + 1, target ? -1 : pathDepth);
            break;
        case '"':
            ok = string(nullptr);
            kind = Kind::Scalar;
            break;
        case 't':
            ok = literal("true");
            kind = Kind::Scalar;
            break;
        case 'f':
            ok = literal("false");
            kind = Kind::Scalar;
            break;
        case 'n':
            ok = literal("null");
            kind = Kind::Scalar;
            break;
        default: {
            bool integer = false;
            ok = number(&integer);
            kind = integer ? Kind::Scalar : Kind::Other;
        }
        }
        if (ok && target) {
            m_found = true;
            m_foundKind = kind;
            m_foundBegin = begin;
            m_foundEnd = m_p;
        }
        return ok;
    }

    bool object(int depth, int pathDepth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '{'
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        bool seen = false;
        while (true) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return false;
            QByteArrayView key;
            if (!string(&key))
                return false;
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return false;
            ++m_p;
            int childPath = -1;
            if (pathDepth >= 0 && keyEquals(key, m_tokens.at(pathDepth))) {
                if (seen)
                    return false; // which duplicate wins is QJsonDocument's business
                seen = true;
                childPath = pathDepth + 1;
            }
            if (!value(depth, childPath))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    bool array(int depth, int pathDepth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '['
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        const qsizetype wanted = pathDepth >= 0 ? arrayIndex(m_tokens.at(pathDepth)) : -1;
        for (qsizetype i = 0;; ++i) {
            if (!value(depth, i == wanted ? pathDepth + 1 : -1))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    /** Plain strings only: escapes, control characters and non-ASCII bytes are left to Qt. */
    bool string(QByteArrayView *content)
    {
        const char *begin = ++m_p;
        while (m_p != m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                if (content)
                    *content = QByteArrayView(begin, m_p - begin);
                ++m_p;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
            ++m_p;
        }
        return false;
    }

    bool literal(const char *word)
    {
        for (; *word; ++word, ++m_p)
            if (m_p == m_end || *m_p != *word)
                return false;
        return true;
    }

    /** JSON number grammar without exponents; sets @p integer for canonical integers. */
    bool number(bool *integer)
    {
        const char *begin = m_p;
        const bool negative = *m_p == '-';
        if (negative)
            ++m_p;
        const char *digits = m_p;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        const qsizetype digitCount = m_p - digits;
        if (digitCount == 0 || (digitCount > 1 && *digits == '0'))
            return false;
        bool fraction = false;
        if (m_p != m_end && *m_p == '.') {
            fraction = true;
            const char *fractionDigits = ++m_p;
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            if (m_p == fractionDigits)
                return false;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E'))
            return false;
        if (m_p - begin > kMaxPlainNumberChars)
            return false;
        *integer = !fraction && digitCount <= kMaxIntegerDigits && !(negative && *digits == '0');
        return true;
    }

    const char *m_p;
    const char *m_end;
    const Tokens &m_tokens;
    bool m_found = false;
    Kind m_foundKind = Kind::Other;
    const char *m_foundBegin = nullptr;
    const char *m_foundEnd = nullptr;
};

} // namespace

JsonFieldScanner::Outcome JsonFieldScanner::scan(const QByteArray &json, QStringView pointer,
                                                 QString *compact)
{
    if (pointer.isEmpty() || !JsonPointer::isValid(pointer))
        return Outcome::Unsure;
    Tokens tokens;
    for (qsizetype start = 1;;) {
        qsizetype end = pointer.indexOf(u'/', start);
        if (end < 0)
            end = pointer.size();
        tokens.append(pointer.sliced(start, end - start));
        if (end == pointer.size())
            break;
        start = end + 1;
    }
    return Scanner(json, tokens).run(compact);
}

} // namespace cicada
