#include "engine/parsedmessage.h"

#include "engine/jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cicada {

ParsedMessage::ParsedMessage(QByteArray bytes, bool binary)
    : m_bytes(std::move(bytes)), m_binary(binary)
{}

bool ParsedMessage::isJson()
{
    if (!m_parsed) {
        m_parsed = true;
        if (!m_binary) {
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(m_bytes, &error);
            if (error.error == QJsonParseError::NoError) {
                if (document.isObject())
                    m_json = document.object();
                else if (document.isArray())
                    m_json = document.array();
            }
        }
    }
    return !m_json.isUndefined();
}

QJsonValue ParsedMessage::value(QStringView pointer)
{
    if (!isJson())
        return QJsonValue(QJsonValue::Undefined);
    return JsonPointer::resolve(m_json, pointer);
}

const QString &ParsedMessage::text()
{
    if (!m_decoded) {
        m_decoded = true;
        m_text = QString::fromUtf8(m_bytes);
    }
    return m_text;
}

} // namespace cicada
