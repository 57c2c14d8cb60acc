#pragma once

#include "feed/feedtable.h"
#include "profile/feedvalues.h"

#include <QHash>
#include <QString>

#include <memory>

namespace cicada {

/**
 * @brief Fixed rows for `{{feed.NAME.column}}`: one chosen row per feeder, no strategy, no
 * shared cursor. The GUI's template preview shows each feeder's first row with it.
 */
class FeedRowValues final : public FeedValues
{
public:
    /** Feeder @p name reads row @p row of @p table (ignored when out of range or nullptr). */
    void set(const QString &name, std::shared_ptr<const FeedTable> table, qsizetype row = 0);

    [[nodiscard]] QString value(const QString &feeder, const QString &column) const override;

private:
    struct Row
    {
        std::shared_ptr<const FeedTable> table;
        qsizetype row = 0;
    };
    QHash<QString, Row> m_rows;
};

} // namespace cicada
