#include "profile/profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

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

double ArrivalRate::rateAt(qint64 elapsedMs) const
{
    if (!toRate)
        return rate;
    if (overMs <= 0 || elapsedMs >= overMs)
        return *toRate;
    const double f = double(std::max<qint64>(0, elapsedMs)) / double(overMs);
    return rate + (*toRate - rate) * f;
}

qint64 LoadSettings::stagesDurationMs() const
{
    qint64 sum = 0;
    for (const LoadStage &stage : stages)
        sum += stage.durationMs;
    return sum;
}

qint64 LoadSettings::effectiveRunTimeMs() const
{
    return runTimeMs > 0 ? runTimeMs : stagesDurationMs();
}

bool Profile::isOpenModel() const
{
    if (load.arrivalRate)
        return true;
    for (const LoadStage &stage : load.stages) {
        if (stage.rate)
            return true;
    }
    for (const UserType &type : userTypes) {
        if (type.arrivalRate)
            return true;
    }
    return false;
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
