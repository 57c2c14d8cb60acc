#include "curlcommand.h"

#include <QSet>

namespace cicada {

namespace {

/** One character of a `$'...'` string after a backslash; advances @p i past the escape. */
QString ansiEscape(const QString &s, qsizetype *i)
{
    const QChar c = s.at(*i);
    switch (c.unicode()) {
    case 'n':
        return QStringLiteral("\n");
    case 't':
        return QStringLiteral("\t");
    case 'r':
        return QStringLiteral("\r");
    case '0':
        return QString(QChar(0));
    case 'x':
    case 'u': {
        const int width = c == QLatin1Char('x') ? 2 : 4;
        bool ok = false;
        const uint code = s.mid(*i + 1, width).toUInt(&ok, 16);
        if (!ok)
            return QString(c);
        *i += width;
        return QString(QChar(char16_t(code)));
    }
    default:
        return QString(c); // \\ \' \" and anything else: the character itself
    }
}

} // namespace

std::optional<QStringList> CurlCommand::split(const QString &command, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    const qsizetype n = command.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = command.at(i);
        if (c == QLatin1Char('\\') && i + 1 < n &&
            (command.at(i + 1) == QLatin1Char('\n') || command.at(i + 1) == QLatin1Char('\r'))) {
            while (i + 1 < n && (command.at(i + 1) == QLatin1Char('\n') ||
                                 command.at(i + 1) == QLatin1Char('\r')))
                ++i;
            continue;
        }
        if (c == QLatin1Char('^') && i + 1 < n && command.at(i + 1) == QLatin1Char('\n')) {
            ++i;
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('$') && i + 1 < n && command.at(i + 1) == QLatin1Char('\'')) {
            i += 2;
            for (; i < n && command.at(i) != QLatin1Char('\''); ++i) {
                if (command.at(i) == QLatin1Char('\\') && i + 1 < n) {
                    ++i;
                    word += ansiEscape(command, &i);
                } else {
                    word += command.at(i);
                }
            }
            if (i >= n) {
                *error = QStringLiteral("unterminated $'...' quote");
                return std::nullopt;
            }
        } else if (c == QLatin1Char('\'')) {
            const qsizetype end = command.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0) {
                *error = QStringLiteral("unterminated single quote");
                return std::nullopt;
            }
            word += command.mid(i + 1, end - i - 1);
            i = end;
        } else if (c == QLatin1Char('"')) {
            for (++i; i < n && command.at(i) != QLatin1Char('"'); ++i) {
                if (command.at(i) == QLatin1Char('\\') && i + 1 < n &&
                    QStringLiteral("\\\"$`\n").contains(command.at(i + 1)))
                    ++i;
                word += command.at(i);
            }
            if (i >= n) {
                *error = QStringLiteral("unterminated double quote");
                return std::nullopt;
            }
        } else if (c == QLatin1Char('\\') && i + 1 < n) {
            word += command.at(++i);
        } else {
            word += c;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

std::optional<RecordedExchange> CurlCommand::parse(const QString &command, QString *error)
{
    const std::optional<QStringList> words = split(command.trimmed(), error);
    if (!words)
        return std::nullopt;
    if (words->isEmpty() || (words->constFirst() != QLatin1String("curl") &&
                             !words->constFirst().endsWith(QLatin1String("/curl")))) {
        *error = QStringLiteral("not a curl command (it must start with 'curl')");
        return std::nullopt;
    }
    static const QSet<QString> withValue = {
        QStringLiteral("-X"),           QStringLiteral("--request"),
        QStringLiteral("-H"),           QStringLiteral("--header"),
        QStringLiteral("-b"),           QStringLiteral("--cookie"),
        QStringLiteral("-d"),           QStringLiteral("--data"),
        QStringLiteral("--data-raw"),   QStringLiteral("--data-binary"),
        QStringLiteral("--data-ascii"), QStringLiteral("--data-urlencode"),
        QStringLiteral("--json"),       QStringLiteral("-u"),
        QStringLiteral("--user"),       QStringLiteral("-A"),
        QStringLiteral("--user-agent"), QStringLiteral("-e"),
        QStringLiteral("--referer"),    QStringLiteral("--url")};
    // Options that change how curl runs, not what it sends.
    static const QSet<QString> ignoredFlags = {
        QStringLiteral("--compressed"), QStringLiteral("-k"),
        QStringLiteral("--insecure"),   QStringLiteral("-L"),
        QStringLiteral("--location"),   QStringLiteral("-s"),
        QStringLiteral("--silent"),     QStringLiteral("-S"),
        QStringLiteral("--show-error"), QStringLiteral("-v"),
        QStringLiteral("--verbose"),    QStringLiteral("-i"),
        QStringLiteral("--include"),    QStringLiteral("--http1.1"),
        QStringLiteral("--http2"),      QStringLiteral("-f"),
        QStringLiteral("--fail"),       QStringLiteral("-N"),
        QStringLiteral("--no-buffer")};
    static const QSet<QString> ignoredWithValue = {
        QStringLiteral("-o"), QStringLiteral("--output"), QStringLiteral("-m"),
        QStringLiteral("--max-time"), QStringLiteral("--connect-timeout")};

    RecordedExchange x;
    QString method;
    QStringList data;
    bool get = false;
    bool json = false;
    QString url;
    for (qsizetype i = 1; i < words->size(); ++i) {
        QString option = words->at(i);
        QString value;
        if (option.startsWith(QLatin1String("--")) && option.contains(QLatin1Char('='))) {
            value = option.section(QLatin1Char('='), 1);
            option = option.section(QLatin1Char('='), 0, 0);
        } else if (!option.startsWith(QLatin1Char('-'))) {
            if (!url.isEmpty()) {
                *error = QStringLiteral("more than one URL ('%1' and '%2')").arg(url, option);
                return std::nullopt;
            }
            url = option;
            continue;
        } else if (withValue.contains(option) || ignoredWithValue.contains(option)) {
            if (i + 1 >= words->size()) {
                *error = QStringLiteral("%1 needs a value").arg(option);
                return std::nullopt;
            }
            value = words->at(++i);
        }
        if (ignoredFlags.contains(option) || ignoredWithValue.contains(option))
            continue;
        if (option == QLatin1String("-X") || option == QLatin1String("--request")) {
            method = value.toUpper();
        } else if (option == QLatin1String("-H") || option == QLatin1String("--header")) {
            const QString name = value.section(QLatin1Char(':'), 0, 0).trimmed();
            const QString headerValue = value.section(QLatin1Char(':'), 1).trimmed();
            if (name.compare(QLatin1String("cookie"), Qt::CaseInsensitive) == 0) {
                for (const QString &pair : headerValue.split(QLatin1Char(';'), Qt::SkipEmptyParts))
                    x.cookies.append({pair.section(QLatin1Char('='), 0, 0).trimmed(),
                                      pair.section(QLatin1Char('='), 1).trimmed(),
                                      {}});
            } else {
                x.headers.append({name, headerValue, {}});
            }
        } else if (option == QLatin1String("-b") || option == QLatin1String("--cookie")) {
            for (const QString &pair : value.split(QLatin1Char(';'), Qt::SkipEmptyParts))
                x.cookies.append({pair.section(QLatin1Char('='), 0, 0).trimmed(),
                                  pair.section(QLatin1Char('='), 1).trimmed(),
                                  {}});
        } else if (option.startsWith(QLatin1String("--data")) || option == QLatin1String("-d")) {
            data.append(value);
        } else if (option == QLatin1String("--json")) {
            data.append(value);
            json = true;
        } else if (option == QLatin1String("-u") || option == QLatin1String("--user")) {
            x.headers.append(
                {QStringLiteral("Authorization"),
                 QStringLiteral("Basic ") + QString::fromLatin1(value.toUtf8().toBase64()),
                 {}});
        } else if (option == QLatin1String("-A") || option == QLatin1String("--user-agent")) {
            x.headers.append({QStringLiteral("User-Agent"), value, {}});
        } else if (option == QLatin1String("-e") || option == QLatin1String("--referer")) {
            x.headers.append({QStringLiteral("Referer"), value, {}});
        } else if (option == QLatin1String("--url")) {
            url = value;
        } else if (option == QLatin1String("-G") || option == QLatin1String("--get")) {
            get = true;
        } else if (option == QLatin1String("-I") || option == QLatin1String("--head")) {
            method = QStringLiteral("HEAD");
        } else {
            *error = QStringLiteral("unsupported curl option '%1'").arg(option);
            return std::nullopt;
        }
    }
    x.url = QUrl(url, QUrl::TolerantMode);
    if (url.isEmpty() || !x.url.isValid() || x.url.host().isEmpty()) {
        *error = url.isEmpty() ? QStringLiteral("no URL in the command")
                               : QStringLiteral("'%1' is not an absolute URL").arg(url);
        return std::nullopt;
    }
    if (get && !data.isEmpty()) {
        x.url.setQuery(x.url.query() + (x.url.hasQuery() ? QStringLiteral("&") : QString()) +
                       data.join(QLatin1Char('&')));
        data.clear();
    }
    x.body = data.join(QLatin1Char('&'));
    x.method = !method.isEmpty()
                   ? method
                   : (x.body.isEmpty() ? QStringLiteral("GET") : QStringLiteral("POST"));
    for (const NameValue &h : std::as_const(x.headers)) {
        if (h.name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0)
            x.bodyMimeType = h.value;
    }
    if (json && x.bodyMimeType.isEmpty())
        x.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json"), {}});
    if (x.bodyMimeType.isEmpty() && !x.body.isEmpty())
        x.bodyMimeType = json ? QStringLiteral("application/json")
                              : QStringLiteral("application/x-www-form-urlencoded");
    return x;
}

} // namespace cicada
