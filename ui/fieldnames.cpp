#include "fieldnames.h"

#include "jsonpath.h"
#include "profile/steps/stepdescriptor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace cicada {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FieldNames", text);
}

/** "headers" → "header": an element of a list is one of them. */
QString singular(const QString &key)
{
    const QString spelled = FieldNames::spellKey(key);
    return spelled.endsWith(QLatin1Char('s')) ? spelled.chopped(1) : spelled;
}

QString quoted(const QString &name)
{
    return QStringLiteral("“%1”").arg(name);
}

/** The parts of @p path for people; empty when the path does not parse. */
QStringList parts(const QJsonValue &root, const QString &path)
{
    bool ok = false;
    const QList<JsonPath::Segment> segments = JsonPath::parse(path, &ok);
    if (!ok)
        return {};
    QStringList out;
    QJsonValue node = root;
    QString arrayKey;     // the key of the array the next index is in
    QString objectMapKey; // the key of a map whose next key names an entry (templates, ...)
    bool inStep = false;  // the node is a step: its kind key is already in its name
    for (const JsonPath::Segment &s : segments) {
        if (s.index >= 0) {
            node = node.toArray().at(s.index);
            const QString name = node.toObject().value(QLatin1String("name")).toString();
            const int n = s.index + 1;
            const QString kindTitle = [&] {
                const QJsonObject step = node.toObject();
                for (auto it = step.constBegin(); it != step.constEnd(); ++it) {
                    if (const StepDescriptor *d = findStepDescriptor(it.key()))
                        return d->title;
                }
                return QString();
            }();
            const QString stepName = kindTitle.isEmpty() ? tr("step %1").arg(n)
                                                         : tr("step %1 (%2)").arg(n).arg(kindTitle);
            inStep = false;
            if (!arrayKey.isEmpty())
                out.removeLast(); // "user types › user type 1" says it twice
            if (arrayKey == QLatin1String("userTypes")) {
                out.append(name.isEmpty() ? tr("user type %1").arg(n)
                                          : tr("user type %1").arg(quoted(name)));
            } else if (arrayKey == QLatin1String("tasks")) {
                out.append(name.isEmpty() ? tr("task %1").arg(n) : tr("task %1").arg(quoted(name)));
            } else if (arrayKey == QLatin1String("steps")) {
                out.append(stepName);
                inStep = true;
            } else if (arrayKey == QLatin1String("onStart")) {
                out.append(tr("on start, %1").arg(stepName));
                inStep = true;
            } else if (arrayKey == QLatin1String("onStop")) {
                out.append(tr("on stop, %1").arg(stepName));
                inStep = true;
            } else if (arrayKey == QLatin1String("onConnect")) {
                out.append(tr("on connect, %1").arg(stepName));
                inStep = true;
            } else if (!name.isEmpty()) {
                out.append(tr("%1 %2").arg(singular(arrayKey), quoted(name)));
            } else if (!arrayKey.isEmpty()) {
                out.append(tr("%1 %2").arg(singular(arrayKey)).arg(n));
            } else {
                out.append(tr("item %1").arg(n));
            }
            arrayKey.clear();
            continue;
        }
        node = node.toObject().value(s.key);
        if (!objectMapKey.isEmpty()) {
            out.append(QStringLiteral("%1 %2").arg(objectMapKey, quoted(s.key)));
            objectMapKey.clear();
        } else if (node.isArray()) {
            arrayKey = s.key; // named together with the index that follows (if any)
            out.append(FieldNames::spellKey(s.key));
        } else if (s.key == QLatin1String("templates")) {
            objectMapKey = tr("template");
        } else if (s.key == QLatin1String("variables")) {
            objectMapKey = tr("variable");
        } else if (inStep && findStepDescriptor(s.key)) {
            // "step 3 (WebSocket send) › wsSend › timeout" says the kind twice.
        } else {
            out.append(FieldNames::spellKey(s.key));
        }
        inStep = false;
    }
    if (!objectMapKey.isEmpty())
        out.append(objectMapKey == tr("template") ? tr("templates") : tr("variables"));
    return out;
}

} // namespace

QString FieldNames::spellKey(const QString &key)
{
    QString spelled;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c.isUpper() && i > 0 && !key.at(i - 1).isUpper())
            spelled.append(QLatin1Char(' '));
        spelled.append(c.toLower());
    }
    // Acronyms stay acronyms.
    QStringList words = spelled.split(QLatin1Char(' '));
    for (QString &w : words) {
        if (w == QLatin1String("url") || w == QLatin1String("tls") || w == QLatin1String("id") ||
            w == QLatin1String("ws") || w == QLatin1String("http") || w == QLatin1String("csv"))
            w = w.toUpper();
    }
    return words.join(QLatin1Char(' '));
}

QString FieldNames::describe(const QJsonValue &root, const QString &path)
{
    QStringList p = parts(root, path);
    if (p.isEmpty())
        return path == QLatin1String("$") ? tr("Profile") : path;
    QString text = p.join(QStringLiteral(" › "));
    text[0] = text.at(0).toUpper();
    return text;
}

QString FieldNames::last(const QJsonValue &root, const QString &path)
{
    const QStringList p = parts(root, path);
    return p.isEmpty() ? path : p.constLast();
}

} // namespace cicada
