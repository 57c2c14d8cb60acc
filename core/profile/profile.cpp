#include "profile/profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cicada {

QString PayloadTemplate::source() const
{
    if (kind == Kind::Text)
        return text;
    if (kind == Kind::Binary)
        return {};
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    // QJsonDocument only holds an object or an array: write the scalar inside an array, unwrap it.
    const QByteArray wrapped = QJsonDocument(QJsonArray{json.isUndefined() ? QJsonValue() : json})
                                   .toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

const PayloadTemplate *Profile::findTemplate(const QString &name) const
{
    for (const PayloadTemplate &t : templates) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

const Feeder *Profile::findFeeder(const QString &name) const
{
    for (const Feeder &f : feeders) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

Feeder::Format Feeder::effectiveFormat() const
{
    if (format != Format::Auto)
        return format;
    return file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? Format::Json : Format::Csv;
}

QString ProfileIssue::toString(const QString &file) const
{
    QString out;
    if (!file.isEmpty()) {
        out += file;
        if (line > 0)
            out += QLatin1Char(':') + QString::number(line);
        out += QLatin1String(": ");
    }
    if (!path.isEmpty())
        out += path + QLatin1String(": ");
    if (severity == Severity::Warning)
        out += QLatin1String("warning: ");
    out += message;
    return out;
}

} // namespace cicada
