#include "profile/template.h"

#include "profile/feedvalues.h"

#include <QDateTime>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <array>
#include <charconv>

namespace cicada {

namespace {

constexpr qint64 kMaxRandomStringLength = 4096;

bool isIdentifier(QStringView name)
{
    if (name.isEmpty() || name.front().isDigit())
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

// JSON string content escaping; values are mostly short and clean, so check before copying.
QString jsonEscaped(const QString &value)
{
    const auto needsEscape = [](QChar c) {
        return c == QLatin1Char('"') || c == QLatin1Char('\\') || c.unicode() < 0x20;
    };
    if (std::none_of(value.cbegin(), value.cend(), needsEscape))
        return value;
    QString out;
    out.reserve(value.size() + 8);
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\b':
            out += QLatin1String("\\b");
            break;
        case '\f':
            out += QLatin1String("\\f");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

// A version-4 UUID from the caller's generator: QUuid::createUuid() would read the system
// generator, which is slower and cannot be seeded in tests.
QString randomUuid(QRandomGenerator *random)
{
    static constexpr char kHex[] = "0123456789abcdef";
    quint64 hi = random->generate64();
    quint64 lo = random->generate64();
    hi = (hi & ~quint64(0xF000)) | quint64(0x4000);                        // version 4
    lo = (lo & quint64(0x3FFFFFFFFFFFFFFF)) | quint64(0x8000000000000000); // RFC 4122 variant
    std::array<char, 36> out{};
    int pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[pos++] = '-';
        const quint64 word = i < 16 ? hi : lo;
        const int shift = 60 - 4 * (i % 16);
        out[pos++] = kHex[(word >> shift) & 0xF];
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

QString randomString(QRandomGenerator *random, qint64 length)
{
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    constexpr quint32 kAlphabetSize = sizeof(kAlphabet) - 1;
    QString out(length, Qt::Uninitialized);
    QChar *data = out.data();
    for (qint64 i = 0; i < length; ++i)
        data[i] = QLatin1Char(kAlphabet[random->bounded(kAlphabetSize)]);
    return out;
}

bool parseInt(const QString &text, qint64 *out)
{
    bool ok = false;
    *out = text.trimmed().toLongLong(&ok);
    return ok;
}

} // namespace

QString Template::knownPlaceholders()
{
    return QStringLiteral("user.index, user.seq, uuid, randomInt(a,b), randomString(n), timestamp, "
                          "timestamp.s, timestamp.iso, env.NAME, var.NAME, capture.NAME, "
                          "feed.NAME.column");
}

bool Template::parsePlaceholder(const QString &inner, Part *part, QString *error)
{
    const QString shown = QStringLiteral("{{%1}}").arg(inner);
    const auto unknown = [&] {
        *error =
            QStringLiteral("unknown placeholder %1; known: %2").arg(shown, knownPlaceholders());
        return false;
    };
    if (inner.isEmpty()) {
        *error = QStringLiteral("empty placeholder {{}}; known: %1").arg(knownPlaceholders());
        return false;
    }

    static const QHash<QString, PartKind> kSimple = {
        {QStringLiteral("user.index"), PartKind::UserIndex},
        {QStringLiteral("user.seq"), PartKind::UserSeq},
        {QStringLiteral("uuid"), PartKind::Uuid},
        {QStringLiteral("timestamp"), PartKind::Timestamp},
        {QStringLiteral("timestamp.s"), PartKind::TimestampS},
        {QStringLiteral("timestamp.iso"), PartKind::TimestampIso},
    };
    if (const auto it = kSimple.constFind(inner); it != kSimple.cend()) {
        part->kind = *it;
        return true;
    }

    static const QString kFeed = QStringLiteral("feed.");
    if (inner.startsWith(kFeed)) {
        // The feeder's name is an identifier, so the column is everything after its dot.
        const qsizetype dot = inner.indexOf(QLatin1Char('.'), kFeed.size());
        const QString name = inner.mid(kFeed.size(), dot < 0 ? -1 : dot - kFeed.size());
        const QString column = dot < 0 ? QString() : inner.mid(dot + 1).trimmed();
        if (!isIdentifier(name) || column.isEmpty() || column.contains(QLatin1Char('{')) ||
            column.contains(QLatin1Char('}'))) {
            *error = QStringLiteral("bad feed placeholder %1: write {{feed.NAME.column}} with a "
                                    "feeder NAME (letters, digits and '_') and a column")
                         .arg(shown);
            return false;
        }
        part->kind = PartKind::Feed;
        part->text = name;
        part->column = column;
        return true;
    }

    for (const auto &[prefix, kind, what] :
         {std::tuple{QStringLiteral("env."), PartKind::Env, QStringLiteral("environment variable")},
          std::tuple{QStringLiteral("var."), PartKind::Var, QStringLiteral("variable")},
          std::tuple{QStringLiteral("capture."), PartKind::Capture, QStringLiteral("capture")}}) {
        if (!inner.startsWith(prefix))
            continue;
        const QString name = inner.mid(prefix.size());
        if (!isIdentifier(name)) {
            *error = QStringLiteral("bad %1 name in %2: use letters, digits and '_', not starting "
                                    "with a digit")
                         .arg(what, shown);
            return false;
        }
        part->kind = kind;
        part->text = name;
        return true;
    }

    static const QRegularExpression kCall(
        QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_.]*)\s*(?:\((.*)\))?$)"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch call = kCall.match(inner);
    if (!call.hasMatch())
        return unknown();
    const QString function = call.captured(1);
    const bool hasArgs = call.capturedStart(2) >= 0;
    const QStringList args = call.captured(2).split(QLatin1Char(','));

    if (function == QLatin1String("randomInt")) {
        qint64 low = 0;
        qint64 high = 0;
        if (!hasArgs || args.size() != 2 || !parseInt(args[0], &low) || !parseInt(args[1], &high)) {
            *error =
                QStringLiteral("randomInt needs two integers, e.g. {{randomInt(1,100)}}; got %1")
                    .arg(shown);
            return false;
        }
        if (low > high) {
            *error = QStringLiteral("randomInt(a,b) needs a ≤ b; got %1").arg(shown);
            return false;
        }
        part->kind = PartKind::RandomInt;
        part->a = low;
        part->b = high;
        return true;
    }
    if (function == QLatin1String("randomString")) {
        qint64 length = 0;
        if (!hasArgs || args.size() != 1 || !parseInt(args[0], &length) || length < 1 ||
            length > kMaxRandomStringLength) {
            *error = QStringLiteral("randomString needs a length from 1 to %1, e.g. "
                                    "{{randomString(16)}}; got %2")
                         .arg(kMaxRandomStringLength)
                         .arg(shown);
            return false;
        }
        part->kind = PartKind::RandomString;
        part->a = length;
        return true;
    }
    return unknown();
}

void Template::appendLiteral(const QString &text)
{
    if (text.isEmpty())
        return;
    if (!m_parts.isEmpty() && m_parts.back().kind == PartKind::Literal) {
        m_parts.back().text += text;
        m_parts.back().utf8 = m_parts.back().text.toUtf8();
    } else {
        Part part;
        part.text = text;
        part.utf8 = text.toUtf8();
        m_parts.append(part);
    }
    m_literalSize += text.size();
}

Template Template::parse(const QString &text, QStringList *errors, Escaping escaping)
{
    static const QString kOpen = QStringLiteral("{{");
    static const QString kClose = QStringLiteral("}}");
    Template t;
    t.m_escaping = escaping;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype open = text.indexOf(kOpen, pos);
        if (open < 0)
            break;
        // "{{{x}}}": the extra leading brace is literal text.
        while (open + 2 < text.size() && text.at(open + 2) == QLatin1Char('{'))
            ++open;
        const qsizetype close = text.indexOf(kClose, open + 2);
        if (close < 0) {
            if (errors)
                errors->append(QStringLiteral("unterminated placeholder: the '{{' at character %1 "
                                              "has no closing '}}'")
                                   .arg(open + 1));
            break;
        }
        t.appendLiteral(text.mid(pos, open - pos));
        Part part;
        QString error;
        if (parsePlaceholder(text.mid(open + 2, close - open - 2).trimmed(), &part, &error)) {
            t.m_parts.append(part);
            t.m_static = false;
        } else if (errors) {
            errors->append(error);
        }
        pos = close + 2;
    }
    t.appendLiteral(text.mid(pos));
    return t;
}

QString Template::value(const Part &part, const TemplateContext &ctx) const
{
    QRandomGenerator *random = ctx.random ? ctx.random : QRandomGenerator::global();
    QString v;
    switch (part.kind) {
    case PartKind::Literal:
        return part.text;
    case PartKind::UserIndex:
        return QString::number(ctx.userIndex);
    case PartKind::UserSeq:
        return QString::number(ctx.sequence);
    case PartKind::Uuid:
        return randomUuid(random);
    case PartKind::RandomInt: {
        // The width of [a, b] can be 2^64, which wraps to 0 in quint64.
        const quint64 width = quint64(part.b) - quint64(part.a) + 1;
        const quint64 offset = width == 0 ? random->generate64() : random->bounded(width);
        return QString::number(qint64(quint64(part.a) + offset));
    }
    case PartKind::RandomString:
        return randomString(random, part.a);
    case PartKind::Timestamp:
        return QString::number(QDateTime::currentMSecsSinceEpoch());
    case PartKind::TimestampS:
        return QString::number(QDateTime::currentSecsSinceEpoch());
    case PartKind::TimestampIso:
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    case PartKind::Env:
        v = ctx.environment ? ctx.environment->value(part.text)
                            : qEnvironmentVariable(qPrintable(part.text));
        break;
    case PartKind::Var:
        if (ctx.variables)
            v = ctx.variables->value(part.text);
        break;
    case PartKind::Capture:
        if (ctx.captures)
            v = ctx.captures->value(part.text);
        break;
    case PartKind::Feed:
        if (ctx.feed)
            v = ctx.feed->value(part.text, part.column);
        break;
    }
    // Only environment, profile, captured and fed values can hold characters that need JSON
    // escaping.
    return m_escaping == Escaping::Json ? jsonEscaped(v) : v;
}

QString Template::render(const TemplateContext &ctx) const
{
    if (m_static)
        return m_parts.isEmpty() ? QString() : m_parts.front().text;
    QString out;
    out.reserve(m_literalSize + 16 * m_parts.size());
    for (const Part &part : m_parts) {
        if (part.kind == PartKind::Literal)
            out += part.text;
        else
            out += value(part, ctx);
    }
    return out;
}

QByteArray Template::renderUtf8(const TemplateContext &ctx) const
{
    if (m_static)
        return m_parts.isEmpty() ? QByteArray() : m_parts.front().utf8;
    QByteArray out;
    out.reserve(m_literalSize + 16 * m_parts.size());
    for (const Part &part : m_parts) {
        switch (part.kind) {
        case PartKind::Literal:
            out += part.utf8;
            break;
        case PartKind::UserIndex:
        case PartKind::UserSeq: {
            // The per-message counters: digits straight into the bytes, no QString on the way
            // (a WebSocket send renders one per message).
            std::array<char, 24> digits{};
            const qint64 number = part.kind == PartKind::UserSeq ? ctx.sequence : ctx.userIndex;
            const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), number);
            out.append(digits.data(), qsizetype(result.ptr - digits.data()));
            break;
        }
        default:
            out += value(part, ctx).toUtf8();
            break;
        }
    }
    return out;
}

QStringList Template::envNames() const
{
    return namesOf(PartKind::Env);
}

QStringList Template::varNames() const
{
    return namesOf(PartKind::Var);
}

QStringList Template::captureNames() const
{
    return namesOf(PartKind::Capture);
}

QList<FeedUse> Template::feedUses() const
{
    QList<FeedUse> uses;
    for (const Part &part : m_parts) {
        const FeedUse use{part.text, part.column};
        if (part.kind == PartKind::Feed && !uses.contains(use))
            uses.append(use);
    }
    return uses;
}

QStringList Template::namesOf(PartKind kind) const
{
    QStringList names;
    for (const Part &part : m_parts) {
        if (part.kind == kind && !names.contains(part.text))
            names.append(part.text);
    }
    return names;
}

QHash<QString, QString> Template::environmentSnapshot()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QHash<QString, QString> out;
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        out.insert(key, env.value(key));
    return out;
}

} // namespace cicada
