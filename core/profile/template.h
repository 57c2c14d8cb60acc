#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

class QRandomGenerator;

namespace cicada {

class FeedValues;

/**
 * @brief What a Template needs at render time. Cheap to build: pointers only, nothing is copied.
 *
 * The pointed-to objects must outlive the render() call. A worker thread should pass its own
 * QRandomGenerator: the global one is thread-safe but takes a lock on every call.
 */
struct TemplateContext
{
    int userIndex = 0;   ///< {{user.index}}: 0-based index of the virtual user
    qint64 sequence = 0; ///< {{user.seq}}: per-user sequence number, counted by the caller
    const QHash<QString, QString> *variables = nullptr;   ///< {{var.NAME}}; nullptr → all empty
    const QHash<QString, QString> *environment = nullptr; ///< {{env.NAME}}; nullptr → process env
    /// {{capture.NAME}}: the user's captured values; nullptr or a missing name → empty (not
    /// captured yet)
    const QHash<QString, QString> *captures = nullptr;
    QRandomGenerator *random = nullptr; ///< nullptr → QRandomGenerator::global()
    /// {{feed.NAME.column}}: the rows the user's feeders selected; nullptr → all empty
    const FeedValues *feed = nullptr;
};

/** @brief One `{{feed.NAME.column}}` a Template uses. */
struct FeedUse
{
    QString feeder;
    QString column;
    bool operator==(const FeedUse &) const = default;
};

/**
 * @brief A text with `{{ ... }}` placeholders, parsed once and rendered per send.
 *
 * Placeholders (whitespace inside the braces and around arguments is allowed):
 * - `{{user.index}}`        0-based user index (TemplateContext::userIndex)
 * - `{{user.seq}}`          per-user sequence number (TemplateContext::sequence)
 * - `{{uuid}}`              random version-4 UUID, lower case, without braces
 * - `{{randomInt(A,B)}}`    random integer in [A, B], inclusive; A ≤ B, 64-bit
 * - `{{randomString(N)}}`   N random characters from [A-Za-z0-9], 1 ≤ N ≤ 4096
 * - `{{timestamp}}`         milliseconds since the Unix epoch
 * - `{{timestamp.s}}`       seconds since the Unix epoch
 * - `{{timestamp.iso}}`     ISO 8601 UTC with milliseconds, e.g. 2024-05-01T12:00:00.123Z
 * - `{{env.NAME}}`          environment variable NAME (empty when unset)
 * - `{{var.NAME}}`          profile variable NAME (empty when undefined)
 * - `{{capture.NAME}}`      a value captured from an earlier response or message (empty until
 *                           it is captured; see Capture)
 * - `{{feed.NAME.column}}`  the column of the row feeder NAME selected for this user's current
 *                           iteration (see Feeder); column is the CSV header or JSON key as
 *                           written, any text without braces (it may contain dots and spaces)
 * NAME is letters, digits and '_' and does not start with a digit. Single braces are literal text;
 * there is no escape for a literal `{{`. An unknown placeholder, bad arguments or an unterminated
 * `{{` are parse errors.
 *
 * Escaping::Json is for the compact JSON text of a Kind::Json PayloadTemplate, where every
 * placeholder sits inside a JSON string literal: each substituted value is escaped as JSON string
 * content (`"`, `\` and control characters), so a variable holding `say "hi"` keeps the payload
 * valid JSON. A placeholder always renders as (part of) a string, never as a JSON number.
 * Escaping::None substitutes values unchanged (headers, cookies, paths, text bodies).
 *
 * render() is const and touches no shared mutable state (except the random generator given in the
 * context): one Template may be rendered concurrently from many threads.
 */
class Template
{
public:
    enum class Escaping
    {
        None,
        Json
    };

    Template() = default;

    /**
     * Parses @p text. On error, appends plain sentences to @p errors (may be nullptr) and returns
     * a template holding what could be parsed (bad placeholders render as empty text).
     */
    static Template parse(const QString &text, QStringList *errors,
                          Escaping escaping = Escaping::None);

    /** Renders the text with the values from @p ctx. */
    [[nodiscard]] QString render(const TemplateContext &ctx) const;
    /** render() encoded as UTF-8, without an intermediate QString for the literal parts. */
    [[nodiscard]] QByteArray renderUtf8(const TemplateContext &ctx) const;

    /** True when the text has no placeholders: render() always returns the same text. */
    [[nodiscard]] bool isStatic() const { return m_static; }
    /** Names used in `{{env.NAME}}`, each once, in order of first use. */
    [[nodiscard]] QStringList envNames() const;
    /** Names used in `{{var.NAME}}`, each once, in order of first use. */
    [[nodiscard]] QStringList varNames() const;
    /** Names used in `{{capture.NAME}}`, each once, in order of first use. */
    [[nodiscard]] QStringList captureNames() const;
    /** The `{{feed.NAME.column}}` placeholders, each once, in order of first use. */
    [[nodiscard]] QList<FeedUse> feedUses() const;
    [[nodiscard]] Escaping escaping() const { return m_escaping; }

    /** A copy of the process environment, for TemplateContext::environment. */
    static QHash<QString, QString> environmentSnapshot();

    /** The list of supported placeholders, as shown in error messages. */
    static QString knownPlaceholders();

private:
    enum class PartKind
    {
        Literal,
        UserIndex,
        UserSeq,
        Uuid,
        RandomInt,
        RandomString,
        Timestamp,
        TimestampS,
        TimestampIso,
        Env,
        Var,
        Capture,
        Feed,
    };
    struct Part
    {
        PartKind kind = PartKind::Literal;
        QString text;    ///< Literal: the text; Env/Var/Capture/Feed: the name
        QString column;  ///< Feed: the column
        QByteArray utf8; ///< Literal: the text as UTF-8
        qint64 a = 0;    ///< RandomInt: lower bound; RandomString: length
        qint64 b = 0;    ///< RandomInt: upper bound
    };

    static bool parsePlaceholder(const QString &inner, Part *part, QString *error);
    void appendLiteral(const QString &text);
    [[nodiscard]] QString value(const Part &part, const TemplateContext &ctx) const;
    [[nodiscard]] QStringList namesOf(PartKind kind) const;

    QList<Part> m_parts;
    Escaping m_escaping = Escaping::None;
    bool m_static = true;
    qsizetype m_literalSize = 0; ///< total length of the literal parts, to reserve the output
};

} // namespace cicada
