#include "import/matchinference.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

class MatchInferenceTest : public QObject
{
    Q_OBJECT

private:
    static MatchInference::Message sent(const char *json)
    {
        return {true, QJsonDocument::fromJson(json).object()};
    }
    static MatchInference::Message received(const char *json)
    {
        return {false, QJsonDocument::fromJson(json).object()};
    }

private Q_SLOTS:
    void findsTheSharedIdAndIgnoresConstantFields()
    {
        const QList<QString> pointers = MatchInference::infer({
            sent(R"({"type": "chat", "id": "a", "text": "x"})"),
            received(R"({"type": "push", "seq": 1})"),
            received(R"({"type": "chat", "id": "a"})"),
            sent(R"({"type": "chat", "id": "b", "text": "y"})"),
            received(R"({"type": "chat", "id": "b"})"),
        });
        QCOMPARE(pointers,
                 (QList<QString>{QStringLiteral("/id"), {}, {}, QStringLiteral("/id"), {}}));
    }

    void prefersAnIdLikeNameOverAnotherSharedValue()
    {
        const QList<QString> pointers = MatchInference::infer({
            sent(R"({"room": "r1", "requestId": 7})"),
            received(R"({"room": "r1", "requestId": 7})"),
            sent(R"({"room": "r2", "requestId": 8})"),
            received(R"({"room": "r2", "requestId": 8})"),
        });
        QCOMPARE(pointers.at(0), QStringLiteral("/requestId"));
        QCOMPARE(pointers.at(2), QStringLiteral("/requestId"));
    }

    void findsNestedPointers()
    {
        const QList<QString> pointers = MatchInference::infer({
            sent(R"({"meta": {"corr_id": "x1"}, "op": "get"})"),
            received(R"({"meta": {"corr_id": "x1"}, "ok": true})"),
        });
        QCOMPARE(pointers.at(0), QStringLiteral("/meta/corr_id"));
    }

    void noReplyNoPointer()
    {
        const QList<QString> pointers = MatchInference::infer({
            sent(R"({"op": "typing"})"),
            received(R"({"type": "ack"})"),
            sent(R"({"id": 5})"),
            received(R"({"id": 6})"),
        });
        QVERIFY(pointers.at(0).isEmpty());
        QVERIFY(pointers.at(2).isEmpty());
    }

    void looksLikeId_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("id");
        QTest::newRow("id") << QStringLiteral("id") << true;
        QTest::newRow("requestId") << QStringLiteral("requestId") << true;
        QTest::newRow("correlation_id") << QStringLiteral("correlation_id") << true;
        QTest::newRow("msg_id") << QStringLiteral("msg_id") << true;
        QTest::newRow("type") << QStringLiteral("type") << false;
        QTest::newRow("idle") << QStringLiteral("idle") << false;
    }
    void looksLikeId()
    {
        QFETCH(QString, key);
        QFETCH(bool, id);
        QCOMPARE(MatchInference::looksLikeId(key), id);
    }
};

QTEST_GUILESS_MAIN(MatchInferenceTest)
#include "matchinferencetest.moc"
