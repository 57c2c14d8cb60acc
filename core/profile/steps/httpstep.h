#pragma once

#include "profile/namevalue.h"
#include "profile/steps/capture.h"
#include "profile/steps/condition.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief `{"http": {...}}`: one HTTP request, a timed operation (stats type = the method).
 *
 * `{"method": "POST", "path": "/login", "headers": [...], "template": "login", "body": "text",
 *   "expect": [200, 201], "name": "login", "timeout": "5s", "capture": {...}, "check": [...]}`
 */
struct HttpStep
{
    QString name; ///< stats name; default: the path
    QString method = QStringLiteral("GET");
    QString path; ///< relative to target.baseUrl, or an absolute URL (placeholders allowed)
    QList<NameValue> headers; ///< per-request headers (placeholders allowed)
    QString bodyTemplate;     ///< name of a PayloadTemplate, or empty
    QString body; ///< inline body text (placeholders allowed), used when bodyTemplate is empty
    QList<int> expectStatus; ///< empty = any status < 400 is a success
    qint64 timeoutMs = 0;    ///< 0 = target.requestTimeoutMs (schema 2)
    QList<Capture> captures; ///< schema 2
    QList<Condition> checks; ///< schema 2
    bool operator==(const HttpStep &) const = default;
};

} // namespace cicada
