#include "feed/feedfilereader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>
#include <QStringDecoder>

namespace cicada {

namespace {

bool fail(FeedFileReader::Error *error, int line, const QString &message)
{
    if (error)
        *error = {line, message};
    return false;
}

bool decodeUtf8(QByteArray bytes, QString *out, FeedFileReader::Error *error)
{
    if (bytes.startsWith("\xEF\xBB\xBF")) // spreadsheets on Windows like to add a UTF-8 BOM
        bytes.remove(0, 3);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *out = utf8.decode(bytes);
    if (utf8.hasError()) {
        // '\n' never occurs inside a UTF-8 sequence: decoding line by line finds the bad one.
        const QList<QByteArray> lines = bytes.split('\n');
        int bad = 1;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QStringDecoder probe(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString decoded = probe.decode(lines.at(i));
            if (probe.hasError()) {
                bad = int(i) + 1;
                break;
            }
        }
        return fail(error, bad, QStringLiteral("the file is not UTF-8 text; save it as UTF-8"));
    }
    return true;
}

QString jsonScalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    default:
        return {};
    }
}

} // namespace

bool FeedFileReader::parseCsv(const QByteArray &bytes, FeedTable *out, Error *error)
{
    QString text;
    if (!decodeUtf8(bytes, &text, error))
        return false;

    QList<QStringList> records;
    QList<int> recordLines;
    QStringList record;
    QString field;
    bool inQuotes = false;
    bool quoted = false;     // the current field started with a quote
    bool afterQuote = false; // its closing quote was seen
    int line = 1;
    int recordLine = 1;
    int quoteLine = 1;
    const auto endRecord = [&] {
        record.append(field);
        // A blank line is no record (RFC 4180 would make it one empty field).
        if (!(record.size() == 1 && record.front().isEmpty() && !quoted)) {
            records.append(record);
            recordLines.append(recordLine);
        }
        record.clear();
        field.clear();
        quoted = false;
        afterQuote = false;
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    inQuotes = false;
                    afterQuote = true;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char(',')) {
            record.append(field);
            field.clear();
            quoted = false;
            afterQuote = false;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            recordLine = line;
        } else if (c == QLatin1Char('"')) {
            if (!field.isEmpty() || quoted)
                return fail(error, line,
                            afterQuote ? QStringLiteral("text after a closing quote; inside a "
                                                        "quoted field write a quote as \"\"")
                                       : QStringLiteral("a quote inside an unquoted field; quote "
                                                        "the whole field and write the quote "
                                                        "as \"\""));
            inQuotes = true;
            quoted = true;
            quoteLine = line;
        } else {
            if (afterQuote)
                return fail(error, line,
                            QStringLiteral("text after a closing quote; a quoted field ends at "
                                           "its closing quote, then comes ',' or the line end"));
            field += c;
        }
    }
    if (inQuotes)
        return fail(error, quoteLine,
                    QStringLiteral("the quoted field that starts here is never closed"));
    if (!record.isEmpty() || !field.isEmpty() || quoted)
        endRecord();

    if (records.isEmpty())
        return fail(error, 1,
                    QStringLiteral("the file is empty; a CSV feeder needs a header row and at "
                                   "least one row"));
    const QStringList header = records.takeFirst();
    const int headerLine = recordLines.takeFirst();
    QSet<QString> seen;
    for (qsizetype c = 0; c < header.size(); ++c) {
        if (header.at(c).trimmed().isEmpty())
            return fail(error, headerLine,
                        QStringLiteral("column %1 of the header row has no name").arg(c + 1));
        if (seen.contains(header.at(c)))
            return fail(error, headerLine,
                        QStringLiteral("the header row names column '%1' twice").arg(header.at(c)));
        seen.insert(header.at(c));
    }
    if (records.isEmpty())
        return fail(error, headerLine, QStringLiteral("the file has a header row but no rows"));
    for (qsizetype r = 0; r < records.size(); ++r) {
        if (records.at(r).size() != header.size())
            return fail(error, recordLines.at(r),
                        QStringLiteral("this row has %1 fields but the header has %2")
                            .arg(records.at(r).size())
                            .arg(header.size()));
    }
    *out = FeedTable(header, records, headerLine);
    return true;
}

bool FeedFileReader::parseJson(const QByteArray &bytes, FeedTable *out, Error *error)
{
    QString text;
    if (!decodeUtf8(bytes, &text, error))
        return false;
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = utf8.left(parseError.offset);
        return fail(error, int(before.count('\n')) + 1,
                    QStringLiteral("JSON syntax error: %1").arg(parseError.errorString()));
    }
    if (!doc.isArray())
        return fail(error, 0,
                    QStringLiteral("a JSON feeder is an array of objects like [{\"user\": "
                                   "\"a\"}, ...], not an object"));
    const QJsonArray array = doc.array();
    if (array.isEmpty())
        return fail(error, 0,
                    QStringLiteral("the array is empty; a feeder needs at least one row"));
    QStringList columns;
    QHash<QString, int> index;
    for (qsizetype r = 0; r < array.size(); ++r) {
        const QJsonValue v = array.at(r);
        if (!v.isObject())
            return fail(error, 0,
                        QStringLiteral("element [%1] is not an object; each row is an object "
                                       "like {\"user\": \"a\"}")
                            .arg(r));
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isArray() || it.value().isObject())
                return fail(error, 0,
                            QStringLiteral("element [%1] key '%2' holds %3; values must be "
                                           "strings, numbers, true/false or null")
                                .arg(r)
                                .arg(it.key(), it.value().isArray() ? QStringLiteral("an array")
                                                                    : QStringLiteral("an object")));
            if (!index.contains(it.key())) {
                index.insert(it.key(), int(columns.size()));
                columns.append(it.key());
            }
        }
    }
    QList<QStringList> rows;
    rows.reserve(array.size());
    QList<qsizetype> firstMissing(columns.size(), -1);
    for (qsizetype r = 0; r < array.size(); ++r) {
        const QJsonObject o = array.at(r).toObject();
        QStringList row;
        row.reserve(columns.size());
        for (int c = 0; c < columns.size(); ++c) {
            const auto it = o.constFind(columns.at(c));
            if (it == o.constEnd() && firstMissing[c] < 0)
                firstMissing[c] = r;
            row.append(it == o.constEnd() ? QString() : jsonScalarText(it.value()));
        }
        rows.append(row);
    }
    *out = FeedTable(columns, rows);
    for (int c = 0; c < columns.size(); ++c)
        out->setFirstMissingRow(c, firstMissing[c]);
    return true;
}

bool FeedFileReader::readFile(const QString &path, Feeder::Format format, FeedTable *out,
                              Error *error)
{
    // Checked before opening: opening a FIFO would block, reading /dev/zero would never end.
    const QFileInfo info(path);
    if (!info.exists())
        return fail(error, 0, QStringLiteral("the file does not exist"));
    if (!info.isFile())
        return fail(error, 0,
                    info.isDir() ? QStringLiteral("it is a directory, not a file")
                                 : QStringLiteral("it is not a regular file (a device, a pipe or "
                                                  "a socket)"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, 0, QStringLiteral("cannot read it: %1").arg(file.errorString()));
    const auto tooLarge = [&] {
        return fail(error, 0,
                    QStringLiteral("it is larger than %1 MiB").arg(kMaxFileBytes / (1024 * 1024)));
    };
    if (file.size() > kMaxFileBytes)
        return tooLarge();
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fail(error, 0, QStringLiteral("cannot read it: %1").arg(file.errorString()));
    if (bytes.size() > kMaxFileBytes)
        return tooLarge();
    Feeder probe;
    probe.file = path;
    probe.format = format;
    return probe.effectiveFormat() == Feeder::Format::Json ? parseJson(bytes, out, error)
                                                           : parseCsv(bytes, out, error);
}

} // namespace cicada
