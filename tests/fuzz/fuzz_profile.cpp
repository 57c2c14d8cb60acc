// Fuzz target: the profile reader (JSON text → Profile, with validation issues), then what a valid
// profile goes through before a run: compile, redaction, writing it back.
#include "engine/compiledprofile.h"
#include "profile/profileio.h"
#include "report/redactor.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (!doc.isObject())
        return 0;
    QList<ProfileIssue> issues;
    const Profile profile = ProfileIo::fromJson(doc.object(), &issues);
    if (ProfileIo::hasErrors(issues))
        return 0;
    QStringList errors;
    (void)CompiledProfile::compile(profile, &errors);
    const Redactor redactor(profile, {});
    (void)redactor.scrub(QString::fromUtf8(bytes));
    (void)ProfileIo::toText(profile);
    return 0;
}
