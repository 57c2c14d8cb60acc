#pragma once

#include "chartfeed.h"
#include "failuresmodel.h"
#include "healthfeed.h"
#include "nameseriesfeed.h"
#include "report/runresult.h"
#include "statstablemodel.h"
#include "thresholdtablemodel.h"

#include <QObject>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief One saved run opened read-only on the Reports page: the same charts and tables as the
 *        Run page, fed from a result file (ResultFile), and its exports — Locust CSV, JSON and
 *        the self-contained HTML report (HtmlReport).
 */
class ResultView : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY loaded)
    Q_PROPERTY(bool valid READ isValid NOTIFY loaded)
    Q_PROPERTY(QString error READ error NOTIFY loaded)
    Q_PROPERTY(QString profileName READ profileName NOTIFY loaded)
    Q_PROPERTY(QString started READ started NOTIFY loaded)
    Q_PROPERTY(QString duration READ duration NOTIFY loaded)
    Q_PROPERTY(QString summary READ summary NOTIFY loaded)
    Q_PROPERTY(int users READ users NOTIFY loaded)
    Q_PROPERTY(double requests READ requests NOTIFY loaded)
    Q_PROPERTY(double rps READ rps NOTIFY loaded)
    Q_PROPERTY(double p95Ms READ p95Ms NOTIFY loaded)
    Q_PROPERTY(double failRatio READ failRatio NOTIFY loaded)
    Q_PROPERTY(QString verdict READ verdict NOTIFY loaded)
    Q_PROPERTY(QString verdictTitle READ verdictTitle NOTIFY loaded)
    Q_PROPERTY(QString verdictSentence READ verdictSentence NOTIFY loaded)
    Q_PROPERTY(QString endReason READ endReason NOTIFY loaded)
    Q_PROPERTY(QString endDetail READ endDetail NOTIFY loaded)
    Q_PROPERTY(cicada::ThresholdTableModel *thresholds READ thresholds CONSTANT)
    Q_PROPERTY(cicada::NameSeriesFeed *names READ names CONSTANT)
    Q_PROPERTY(cicada::HealthFeed *health READ health CONSTANT)
    Q_PROPERTY(cicada::StatsTableModel *stats READ stats CONSTANT)
    Q_PROPERTY(cicada::FailuresModel *failures READ failures CONSTANT)
    Q_PROPERTY(cicada::ChartFeed *chart READ chart CONSTANT)
public:
    explicit ResultView(QObject *parent = nullptr);

    [[nodiscard]] QString path() const { return m_path; }
    /** Loads the result file at @p path ("" clears). */
    void setPath(const QString &path);
    [[nodiscard]] bool isValid() const { return m_valid; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] const RunResult &result() const { return m_result; }
    [[nodiscard]] QString profileName() const;
    [[nodiscard]] QString started() const;
    [[nodiscard]] QString duration() const;
    [[nodiscard]] QString summary() const;
    [[nodiscard]] int users() const { return m_result.users; }
    [[nodiscard]] double requests() const { return double(m_result.aggregated.numRequests); }
    [[nodiscard]] double rps() const;
    [[nodiscard]] double p95Ms() const;
    [[nodiscard]] double failRatio() const { return m_result.aggregated.failRatio(); }
    /** VerdictLabel::kindOf(): "pass", "fail", "unreliable", "interrupted", "aborted" or ""
     *  (no thresholds, completed). */
    [[nodiscard]] QString verdict() const;
    /** "PASS", "FAIL", …; "COMPLETED" for a completed run without thresholds. */
    [[nodiscard]] QString verdictTitle() const;
    /** One sentence for the end-of-run banner, e.g. "1 of 2 thresholds broken." */
    [[nodiscard]] QString verdictSentence() const;
    [[nodiscard]] QString endReason() const;
    [[nodiscard]] QString endDetail() const { return m_result.endDetail; }
    [[nodiscard]] ThresholdTableModel *thresholds() const { return m_thresholds; }
    [[nodiscard]] NameSeriesFeed *names() const { return m_names; }
    [[nodiscard]] HealthFeed *health() const { return m_health; }
    [[nodiscard]] StatsTableModel *stats() const { return m_stats; }
    [[nodiscard]] FailuresModel *failures() const { return m_failures; }
    [[nodiscard]] ChartFeed *chart() const { return m_chart; }

    /** Writes the result as JSON (ResultFile format) to @p path. @return "" or the error. */
    Q_INVOKABLE QString exportJson(const QString &path) const;
    /** Writes the self-contained HTML report to @p path. @return "" or the error. */
    Q_INVOKABLE QString exportHtml(const QString &path) const;
    /** Writes PREFIX_stats.csv, PREFIX_failures.csv, PREFIX_exceptions.csv (Locust 2.12).
     *  @p prefix may end in ".csv" or "_stats.csv" (a file dialog's choice); that is stripped. */
    Q_INVOKABLE QString exportCsv(const QString &prefix) const;
    /** Writes the HTML report next to the result file and opens it in the browser; returns the
     *  HTML path ("" on failure). */
    Q_INVOKABLE QString openHtml() const;
    Q_INVOKABLE [[nodiscard]] static QString localPath(const QUrl &url)
    {
        return url.toLocalFile();
    }

Q_SIGNALS:
    void loaded();

private:
    QString m_path;
    bool m_valid = false;
    QString m_error;
    RunResult m_result;
    StatsTableModel *m_stats;
    FailuresModel *m_failures;
    ChartFeed *m_chart;
    ThresholdTableModel *m_thresholds;
    NameSeriesFeed *m_names;
    HealthFeed *m_health;
};

} // namespace cicada
