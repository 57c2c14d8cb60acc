#pragma once

#include "profile/steps/capture.h"
#include "profile/steps/condition.h"
#include "profile/steps/pushsettings.h"
#include "profile/steps/wssendstep.h"
#include "profile/template.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <variant>
#include <vector>

namespace cicada {

struct CompiledStep;
/** A compiled step list (std::vector: it may hold CompiledStep before the type is complete). */
using CompiledSteps = std::vector<CompiledStep>;
using CompiledHeaders = QList<QPair<QByteArray, Template>>;

/**
 * @brief The compiled forms of the step kinds (core/profile/steps/): every template parsed once,
 * every default resolved (stats type and name, timeouts from the target), so executors only
 * render and send. Immutable after CompiledProfile::compile(); shared by all worker threads.
 */
struct CompiledHttp
{
    QString type; ///< stats type: the method
    QString name; ///< stats name
    QByteArray method;
    Template path; ///< relative to the base URL, or absolute
    bool absolutePath = false;
    CompiledHeaders headers;
    Template body;
    bool hasBody = false;
    bool jsonBody = false; ///< from a JSON template: Content-Type: application/json unless given
    bool binary = false;   ///< from a binary template: binaryBody, application/octet-stream
    QByteArray binaryBody;
    QList<int> expectStatus;
    qint64 timeoutMs = 0;    ///< resolved: the step's or target.requestTimeoutMs
    qint64 maxBodyBytes = 0; ///< 0 = the transport's default
    QList<Capture> captures; ///< taken from a successful response, in order
    QList<Condition> checks; ///< all must hold on the body
};

/** @brief See WsConnectStep. */
struct CompiledWsConnect
{
    QString name;
    Template url; ///< ws:// or wss:// (placeholders rendered per connect)
    QStringList subprotocols;
    CompiledHeaders headers; ///< this connection's extra upgrade headers
    qint64 timeoutMs = 0;    ///< resolved
    CompiledSteps onConnect;
    qint64 pingIntervalMs = 0;
    qint64 maxMessageBytes = 0; ///< resolved; 0 = Qt's default
    PushSettings pushes;
};

/** @brief See WsSendStep. */
struct CompiledWsSend
{
    QString type; ///< "WS send" (awaited) or "WS emit"
    QString name;
    Template body;
    bool binary = false;   ///< a binary template: binaryBody goes out as a binary frame
    QByteArray binaryBody; ///< binary: the bytes (binary templates have no placeholders)
    WsSendStep::Await await = WsSendStep::Await::None;
    QStringList matchPointers;
    qint64 timeoutMs = 0; ///< resolved
    int inFlight = 1;
    int replies = 1;
    QList<Condition> until;
    QList<Capture> captures;
    QList<Condition> checks;
    WsSendStep::Rate rate; ///< mode None: one message per run; else see WsRateSender
    [[nodiscard]] bool multiReply() const { return replies > 1 || !until.isEmpty(); }
    [[nodiscard]] bool scheduled() const { return rate.mode != WsSendStep::Rate::Mode::None; }
};

/** @brief See WsAwaitStep. */
struct CompiledWsAwait
{
    QString name;
    QList<Condition> match;
    qint64 timeoutMs = 0; ///< resolved
    QList<Capture> captures;
    QList<Condition> checks;
};

/** @brief See ThinkStep (maxMs >= minMs). */
struct CompiledThink
{
    qint64 minMs = 0;
    qint64 maxMs = 0;
};

/** @brief See CloseStep. */
struct CompiledClose
{};

/** @brief One compiled step: the kind's compiled struct. */
struct CompiledStep
{
    using Spec = std::variant<CompiledHttp, CompiledWsConnect, CompiledWsSend, CompiledWsAwait,
                              CompiledThink, CompiledClose>;
    Spec spec;
    /// The feeders (FeedSet indices) its templates use, profile headers included: a row of each
    /// is selected before the step runs (FeedCursor::prepare)
    QList<int> feeders = {};
};

} // namespace cicada
