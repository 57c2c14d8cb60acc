#pragma once

#include "feed/feedtable.h"
#include "profile/profile.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace cicada {

class FeedTableCache;

/**
 * @brief Loads a profile's feeder files and checks them against the profile: each file exists
 * and parses (FeedFileReader), and every `{{feed.NAME.column}}` names a column the file has.
 *
 * Problems become ProfileIssues: at `$.feeders[i].file` for a file that cannot be read or parsed
 * ("users.csv:7: ..." with the CSV line), at the placeholder's JSON path for a missing column
 * ("users.csv:1 has no column 'mail'; columns: id, email"). A perUser feeder with fewer rows than
 * load.users gets a warning. `cicada-cli validate`, the GUI (as you type) and
 * CompiledProfile::compile() (before a run) all use it.
 */
class FeedLoader
{
public:
    /** @p file against @p baseDir (the profile's directory; empty: the current directory). */
    static QString resolve(const QString &file, const QString &baseDir);
    /**
     * Loads every feeder of @p profile and checks the placeholders found in @p root (the
     * profile's JSON: the file being edited, or ProfileIo::toJson(profile)). Returns one table
     * per feeder, nullptr where the file could not be loaded. @p cache may be nullptr.
     */
    static QList<std::shared_ptr<const FeedTable>>
    load(const Profile &profile, const QJsonObject &root, const QString &baseDir,
         QList<ProfileIssue> *issues, FeedTableCache *cache = nullptr);
    /**
     * load() for the profile file at @p profilePath (as read into @p profile by
     * ProfileIo::loadFile): its feeders relative to its directory, the placeholders at their
     * paths in the file. Does nothing without feeders or when the file is not a JSON object.
     */
    static void checkProfileFile(const QString &profilePath, const Profile &profile,
                                 QList<ProfileIssue> *issues);
};

} // namespace cicada
