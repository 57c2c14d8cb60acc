#include "matchinference.h"

#include <QHash>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <utility>

namespace cicada {

namespace {

using Leaves = QList<std::pair<QString, QJsonValue>>;

QString escapePointerToken(QString key)
{
    return key.replace(QLatin1Char('~'), QLatin1String("~0"))
        .replace(QLatin1Char('/'), QLatin1String("~1"));
}

void collectLeaves(const QJsonObject &object, const QString &prefix, Leaves *out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString pointer = prefix + QLatin1Char('/') + escapePointerToken(it.key());
        if (it.value().isObject())
            collectLeaves(it.value().toObject(), pointer, out);
        else if (it.value().isString() || it.value().isDouble())
            out->append({pointer, it.value()});
    }
}

QJsonValue valueAt(const QJsonValue &root, const QString &pointer)
{
    QJsonValue v = root;
    for (const QString &token : pointer.split(QLatin1Char('/')).mid(1)) {
        QString key = token;
        key.replace(QLatin1String("~1"), QLatin1String("/"))
            .replace(QLatin1String("~0"), QLatin1String("~"));
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(key);
    }
    return v;
}

QString lastToken(const QString &pointer)
{
    return pointer.section(QLatin1Char('/'), -1);
}

} // namespace

bool MatchInference::looksLikeId(const QString &key)
{
    static const QRegularExpression re(
        QStringLiteral("^(id|ref|seq|nonce|cid|rid|tag|msgid|(request|correlation|message|msg|"
                       "req|call|transaction|txn|command|cmd)_?id)$|(_id|Id|ID)$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

QList<QString> MatchInference::infer(const QList<Message> &conversation)
{
    QList<QString> out(conversation.size());
    // Values each pointer takes over all sent messages: a constant one does not pair anything.
    QHash<QString, QSet<QString>> sentValues;
    int sentCount = 0;
    QList<Leaves> leaves(conversation.size());
    for (qsizetype i = 0; i < conversation.size(); ++i) {
        if (!conversation.at(i).sent || !conversation.at(i).json.isObject())
            continue;
        ++sentCount;
        collectLeaves(conversation.at(i).json.toObject(), QString(), &leaves[i]);
        for (const auto &[pointer, value] : std::as_const(leaves[i]))
            sentValues[pointer].insert(value.toVariant().toString());
    }
    for (qsizetype i = 0; i < conversation.size(); ++i) {
        if (leaves.at(i).isEmpty())
            continue;
        QString best;
        int bestScore = -1;
        for (const auto &[pointer, value] : std::as_const(leaves.at(i))) {
            if (sentCount > 1 && sentValues.value(pointer).size() < 2)
                continue;
            bool replied = false;
            for (qsizetype j = i + 1; j < conversation.size() && !replied; ++j) {
                const Message &m = conversation.at(j);
                replied = !m.sent && m.json.isObject() && valueAt(m.json, pointer) == value;
            }
            if (!replied)
                continue;
            const int score = looksLikeId(lastToken(pointer)) ? 2 : 1;
            if (score > bestScore || (score == bestScore && pointer.count(QLatin1Char('/')) <
                                                                best.count(QLatin1Char('/')))) {
                best = pointer;
                bestScore = score;
            }
        }
        out[i] = best;
    }
    return out;
}

} // namespace cicada
