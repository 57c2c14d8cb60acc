#pragma once

#include "profile/profile.h"
#include "profile/steps/stepreader.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace cicada {

/**
 * @brief Converts a profile's JSON object (schema 1 or 2) into a Profile and validates it
 * (internal to ProfileIo).
 *
 * Best effort: every value that can be read is kept, every problem becomes a ProfileIssue with its
 * JSON path, and reading goes on after a problem. Never throws or asserts on any input. Steps are
 * read by their StepDescriptor through the StepReader this class is; the profile-level objects
 * (target, cookies, templates, user types, load, thresholds) are read here. Use
 * ProfileIo::fromJson() rather than this class.
 */
class ProfileReader : public StepReader
{
public:
    /** Issues are appended to @p issues, which must not be nullptr. */
    explicit ProfileReader(QList<ProfileIssue> *issues);

    /** Reads @p root; the issues found are appended to the list given to the constructor. */
    [[nodiscard]] Profile read(const QJsonObject &root);

private:
    void readSchema(const QJsonObject &root);
    void readTarget(const QJsonObject &o, const QString &path, Target *target);
    void readVariables(const QJsonObject &root);
    void readTemplates(const QJsonObject &root);
    void readTemplate(const QJsonObject &o, const QString &path, PayloadTemplate *t);
    UserType readUserType(const QJsonValue &value, const QString &path);
    WaitTime readWait(const QJsonValue &value, const QString &path);
    Task readTask(const QJsonValue &value, const QString &path);
    void readLoad(const QJsonObject &o, const QString &path, LoadSettings *load);
    /** A number in [@p min, @p max] (or (@p min, @p max]); false when absent or invalid. */
    bool readNumber(const QJsonObject &o, const QString &key, const QString &path, double min,
                    bool minExclusive, double max, const QString &unit, double *out);
    /** @p parent's "arrivalRate" object, if present (issues reported at its path). */
    std::optional<ArrivalRate> readArrivalRate(const QJsonObject &parent,
                                               const QString &parentPath);
    void readStages(const QJsonObject &o, const QString &path, LoadSettings *load);
    /** One model per profile: closed stages vs arrival rates, every type has a rate. */
    void checkLoadModel();
    /** target.sourceAddresses with a transport that cannot bind (the qt ones). */
    void checkSourceAddresses(const QJsonObject &root);
    void readThresholds(const QJsonObject &root);
    void readFeeders(const QJsonObject &root);
    Feeder readFeeder(const QJsonObject &o, const QString &path);
    void checkFixedCounts(const QJsonObject &root);
};

} // namespace cicada
