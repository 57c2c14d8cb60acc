#include "feed/feedloader.h"

#include "feed/feedfilereader.h"
#include "feed/feedtablecache.h"
#include "profile/profileio.h"
#include "profile/steps/stepreader.h"
#include "profile/template.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace cicada {

namespace {

struct Use
{
    FeedUse use;
    QString path;
};

// Every {{feed...}} in the profile's strings, with the JSON path of the string. Comments are
// free text and skipped, except inside a JSON payload, where "comment" is the payload's own key.
void collectUses(const QJsonValue &value, const QString &path, bool inPayload, QList<Use> *out)
{
    const auto scan = [&](const QString &text, const QString &p) {
        if (!text.contains(QLatin1String("feed.")))
            return;
        const QList<FeedUse> uses = Template::parse(text, nullptr).feedUses();
        for (const FeedUse &use : uses)
            out->append({use, p});
    };
    if (value.isString()) {
        scan(value.toString(), path);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectUses(array.at(i), StepReader::indexPath(path, i), inPayload, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("comment") && !inPayload)
                continue;
            const QString p = StepReader::childPath(path, it.key());
            if (inPayload)
                scan(it.key(), p);
            const bool payload = inPayload || (it.key() == QLatin1String("json") &&
                                               path.startsWith(QLatin1String("$.templates")) &&
                                               !path.mid(12).contains(QLatin1Char('.')));
            collectUses(it.value(), p, payload, out);
        }
    }
}

QString fileError(const Feeder &feeder, const QString &resolved, const FeedFileReader::Error &error)
{
    if (error.line > 0)
        return QStringLiteral("%1:%2: %3").arg(feeder.file).arg(error.line).arg(error.message);
    if (QFileInfo(feeder.file).isAbsolute())
        return QStringLiteral("%1: %2").arg(feeder.file, error.message);
    return QStringLiteral("%1: %2 (looked for %3)").arg(feeder.file, error.message, resolved);
}

QString missingColumn(const Feeder &feeder, const FeedTable &table, const FeedUse &use)
{
    const bool json = feeder.effectiveFormat() == Feeder::Format::Json;
    const QString where =
        json ? feeder.file : QStringLiteral("%1:%2").arg(feeder.file).arg(table.headerLine());
    QString message = QStringLiteral("{{feed.%1.%2}}: %3 has no %4 '%5'; %6: %7")
                          .arg(use.feeder, use.column, where,
                               json ? QStringLiteral("key") : QStringLiteral("column"), use.column,
                               json ? QStringLiteral("keys") : QStringLiteral("columns"),
                               table.columns().join(QLatin1String(", ")));
    const QString suggestion = StepReader::closest(use.column, table.columns());
    if (!suggestion.isEmpty())
        message += QStringLiteral(" (did you mean '%1'?)").arg(suggestion);
    return message;
}

} // namespace

void FeedLoader::checkProfileFile(const QString &profilePath, const Profile &profile,
                                  QList<ProfileIssue> *issues)
{
    if (profile.feeders.isEmpty())
        return;
    QFile file(profilePath);
    if (!file.open(QIODevice::ReadOnly))
        return; // loadFile() reported it
    QByteArray bytes = file.read(ProfileIo::kMaxFileBytes + 1);
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    // The file's own JSON, not the profile's: a step dropped as invalid would shift the paths.
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return;
    load(profile, doc.object(), QFileInfo(profilePath).absolutePath(), issues);
}

QString FeedLoader::resolve(const QString &file, const QString &baseDir)
{
    if (QFileInfo(file).isAbsolute())
        return QDir::cleanPath(file);
    const QString base = baseDir.isEmpty() ? QDir::currentPath() : baseDir;
    return QDir::cleanPath(QDir(base).absoluteFilePath(file));
}

QList<std::shared_ptr<const FeedTable>>
FeedLoader::load(const Profile &profile, const QJsonObject &root, const QString &baseDir,
                 QList<ProfileIssue> *issues, FeedTableCache *cache)
{
    QList<std::shared_ptr<const FeedTable>> tables;
    if (profile.feeders.isEmpty())
        return tables; // a {{feed...}} without feeders is the reader's error already
    const auto report = [issues](const QString &path, const QString &message,
                                 ProfileIssue::Severity severity = ProfileIssue::Severity::Error) {
        if (!issues)
            return;
        const ProfileIssue issue{path, message, severity, 0};
        for (const ProfileIssue &i : std::as_const(*issues))
            if (i.path == issue.path && i.message == issue.message)
                return;
        issues->append(issue);
    };
    for (int i = 0; i < profile.feeders.size(); ++i) {
        const Feeder &feeder = profile.feeders.at(i);
        const QString path = StepReader::indexPath(QStringLiteral("$.feeders"), i);
        if (feeder.file.trimmed().isEmpty()) {
            tables.append(nullptr); // the reader reported it
            continue;
        }
        const QString resolved = resolve(feeder.file, baseDir);
        FeedFileReader::Error error;
        std::shared_ptr<const FeedTable> table;
        if (cache) {
            table = cache->get(resolved, feeder.format, &error);
        } else {
            auto parsed = std::make_shared<FeedTable>();
            if (FeedFileReader::readFile(resolved, feeder.format, parsed.get(), &error))
                table = std::move(parsed);
        }
        if (!table)
            report(path + QLatin1String(".file"), fileError(feeder, resolved, error));
        else if (feeder.strategy == Feeder::Strategy::PerUser &&
                 table->rowCount() < profile.load.users)
            report(path + QLatin1String(".strategy"),
                   QStringLiteral("perUser feeder '%1' has %2 rows but load.users is %3: users "
                                  "%2 and above find no row (onExhausted: %4)")
                       .arg(feeder.name)
                       .arg(table->rowCount())
                       .arg(profile.load.users)
                       .arg(feeder.onExhausted == Feeder::OnExhausted::Fail
                                ? QStringLiteral("fail")
                                : QStringLiteral("stopUser")),
                   ProfileIssue::Severity::Warning);
        tables.append(table);
    }

    QList<Use> uses;
    collectUses(root, QStringLiteral("$"), false, &uses);
    for (const Use &u : std::as_const(uses)) {
        int index = -1;
        for (int i = 0; i < profile.feeders.size() && index < 0; ++i)
            if (profile.feeders.at(i).name == u.use.feeder)
                index = i;
        if (index < 0 || !tables.at(index))
            continue; // an unknown feeder (the reader reported it) or an unreadable file
        const Feeder &feeder = profile.feeders.at(index);
        const FeedTable &table = *tables.at(index);
        const int column = table.columnIndex(u.use.column);
        if (column < 0) {
            report(u.path, missingColumn(feeder, table, u.use));
        } else if (table.firstMissingRow(column) >= 0) {
            report(u.path, QStringLiteral("{{feed.%1.%2}}: %3 element [%4] has no key '%2'; give "
                                          "every row the key (\"\" for empty)")
                               .arg(u.use.feeder, u.use.column, feeder.file)
                               .arg(table.firstMissingRow(column)));
        }
    }
    return tables;
}

} // namespace cicada
