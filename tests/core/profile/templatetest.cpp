#include "profile/template.h"
#include "profile/feedvalues.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace cicada;

namespace {

/** Rows as "feeder.column" → value, like a FeedCursor with one selected row per feeder. */
class FakeFeed final : public FeedValues
{
public:
    QHash<QString, QString> values;
    [[nodiscard]] QString value(const QString &feeder, const QString &column) const override
    {
        return values.value(feeder + QLatin1Char('.') + column);
    }
};

} // namespace

class TemplateTest : public QObject
{
    Q_OBJECT

private:
    static QString render(const QString &text, const TemplateContext &ctx = {})
    {
        QStringList errors;
        const Template t = Template::parse(text, &errors);
        if (!errors.isEmpty())
            qWarning() << errors;
        return t.render(ctx);
    }

private slots:
    void literalTextRendersUnchanged_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << QStringLiteral("hello world");
        QTest::newRow("single braces") << QStringLiteral("{\"a\": {\"b\": 1}} {x} }");
        QTest::newRow("closing pair alone") << QStringLiteral("a }} b");
        QTest::newRow("unicode") << QStringLiteral("grüße — ✓");
    }
    void literalTextRendersUnchanged()
    {
        QFETCH(QString, text);
        QStringList errors;
        const Template t = Template::parse(text, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QVERIFY(t.isStatic());
        QCOMPARE(t.render({}), text);
        QCOMPARE(t.renderUtf8({}), text.toUtf8());
    }

    void userIndexAndSequenceComeFromTheContext()
    {
        TemplateContext ctx;
        ctx.userIndex = 41;
        ctx.sequence = 1234567890123;
        QCOMPARE(render(QStringLiteral("u={{user.index}} s={{user.seq}}"), ctx),
                 QStringLiteral("u=41 s=1234567890123"));
        QCOMPARE(render(QStringLiteral("{{ user.index }}|{{\tuser.seq\n}}"), ctx),
                 QStringLiteral("41|1234567890123"));
    }

    void uuidIsVersion4WithoutBraces()
    {
        static const QRegularExpression kUuid(QStringLiteral(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QStringList errors;
        const Template t = Template::parse(QStringLiteral("{{uuid}}"), &errors);
        QVERIFY(errors.isEmpty());
        QVERIFY(!t.isStatic());
        QSet<QString> seen;
        for (int i = 0; i < 100; ++i) {
            const QString id = t.render({});
            QVERIFY2(kUuid.match(id).hasMatch(), qPrintable(id));
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 100);
    }

    void uuidIsReproducibleWithASeededGenerator()
    {
        const Template t = Template::parse(QStringLiteral("{{uuid}}"), nullptr);
        QRandomGenerator a(7);
        QRandomGenerator b(7);
        TemplateContext ca;
        ca.random = &a;
        TemplateContext cb;
        cb.random = &b;
        QCOMPARE(t.render(ca), t.render(cb));
    }

    void randomIntStaysWithinBounds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("low");
        QTest::addColumn<qint64>("high");
        QTest::newRow("small") << QStringLiteral("{{randomInt(1,6)}}") << 1LL << 6LL;
        QTest::newRow("negative") << QStringLiteral("{{ randomInt( -10 , -5 ) }}") << -10LL << -5LL;
        QTest::newRow("single value") << QStringLiteral("{{randomInt(3,3)}}") << 3LL << 3LL;
        QTest::newRow("wide") << QStringLiteral("{{randomInt(-5000000000,5000000000)}}")
                              << -5000000000LL << 5000000000LL;
        QTest::newRow("full 64-bit")
            << QStringLiteral("{{randomInt(-9223372036854775808,9223372036854775807)}}")
            << std::numeric_limits<qint64>::min() << std::numeric_limits<qint64>::max();
    }
    void randomIntStaysWithinBounds()
    {
        QFETCH(QString, text);
        QFETCH(qint64, low);
        QFETCH(qint64, high);
        QStringList errors;
        const Template t = Template::parse(text, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QRandomGenerator random(12345);
        TemplateContext ctx;
        ctx.random = &random;
        QSet<qint64> seen;
        for (int i = 0; i < 1000; ++i) {
            bool ok = false;
            const qint64 v = t.render(ctx).toLongLong(&ok);
            QVERIFY(ok);
            QVERIFY2(v >= low && v <= high, qPrintable(QString::number(v)));
            seen.insert(v);
        }
        // Unsigned: the width of the full 64-bit range does not fit in qint64 (UBSan).
        if (quint64(high) - quint64(low) == 5) // every face of the die shows up in 1000 throws
            QCOMPARE(seen.size(), 6);
    }

    void randomStringHasTheLengthAndAlphabet_data()
    {
        QTest::addColumn<int>("length");
        QTest::newRow("1") << 1;
        QTest::newRow("16") << 16;
        QTest::newRow("4096") << 4096;
    }
    void randomStringHasTheLengthAndAlphabet()
    {
        QFETCH(int, length);
        QStringList errors;
        const Template t =
            Template::parse(QStringLiteral("{{randomString(%1)}}").arg(length), &errors);
        QVERIFY(errors.isEmpty());
        static const QRegularExpression kAlnum(QStringLiteral("^[A-Za-z0-9]*$"));
        const QString s = t.render({});
        QCOMPARE(s.size(), length);
        QVERIFY(kAlnum.match(s).hasMatch());
    }

    void timestampsAreNearNow()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QStringList parts =
            render(QStringLiteral("{{timestamp}} {{timestamp.s}} {{timestamp.iso}}")).split(u' ');
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(parts.size(), 3);
        const qint64 ms = parts[0].toLongLong();
        QVERIFY(ms >= before && ms <= after);
        const qint64 s = parts[1].toLongLong();
        QVERIFY(s >= before / 1000 && s <= after / 1000);
        static const QRegularExpression kIso(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        QVERIFY2(kIso.match(parts[2]).hasMatch(), qPrintable(parts[2]));
        const QDateTime iso = QDateTime::fromString(parts[2], Qt::ISODateWithMs);
        QVERIFY(iso.isValid());
        QVERIFY(iso.toMSecsSinceEpoch() >= before && iso.toMSecsSinceEpoch() <= after);
    }

    void envComesFromTheContextMap()
    {
        const QHash<QString, QString> env = {{QStringLiteral("SESSION_ID"), QStringLiteral("abc")}};
        TemplateContext ctx;
        ctx.environment = &env;
        const Template t =
            Template::parse(QStringLiteral("sid={{env.SESSION_ID}};x={{env.MISSING}}"), nullptr);
        QCOMPARE(t.render(ctx), QStringLiteral("sid=abc;x="));
        QCOMPARE(t.envNames(),
                 QStringList{QStringLiteral("SESSION_ID")} << QStringLiteral("MISSING"));
    }

    void envFallsBackToTheProcessEnvironment()
    {
        qputenv("CICADA_TEMPLATE_TEST", "from-process");
        const Template t = Template::parse(QStringLiteral("{{env.CICADA_TEMPLATE_TEST}}"), nullptr);
        QCOMPARE(t.render({}), QStringLiteral("from-process"));
        QCOMPARE(Template::environmentSnapshot().value(QStringLiteral("CICADA_TEMPLATE_TEST")),
                 QStringLiteral("from-process"));
        qunsetenv("CICADA_TEMPLATE_TEST");
    }

    void varComesFromTheProfileVariables()
    {
        const QHash<QString, QString> vars = {{QStringLiteral("room"), QStringLiteral("lobby")}};
        TemplateContext ctx;
        ctx.variables = &vars;
        const Template t = Template::parse(
            QStringLiteral("/rooms/{{var.room}}/{{var.room}}{{var.none}}"), nullptr);
        QCOMPARE(t.render(ctx), QStringLiteral("/rooms/lobby/lobby"));
        QCOMPARE(t.varNames(), QStringList{QStringLiteral("room")} << QStringLiteral("none"));
        QCOMPARE(t.render({}), QStringLiteral("/rooms//"));
    }

    void captureComesFromTheUsersCaptures()
    {
        const QHash<QString, QString> captures = {{QStringLiteral("token"), QStringLiteral("t-1")},
                                                  {QStringLiteral("room"), QStringLiteral("r\"9")}};
        const Template t = Template::parse(
            QStringLiteral(
                "{{capture.token}}/{{capture.room}}/{{capture.later}}/{{capture.token}}"),
            nullptr);
        TemplateContext ctx;
        ctx.captures = &captures;
        QCOMPARE(t.render(ctx), QStringLiteral("t-1/r\"9//t-1"));
        // Not captured yet: empty, like an undefined variable.
        QCOMPARE(t.render({}), QStringLiteral("///"));
        QCOMPARE(t.captureNames(), (QStringList{QStringLiteral("token"), QStringLiteral("room"),
                                                QStringLiteral("later")}));
        QVERIFY(t.varNames().isEmpty());
        QVERIFY(t.envNames().isEmpty());
        QVERIFY(!t.isStatic());
    }

    void capturedValuesAreJsonEscapedInJsonPayloads()
    {
        const QHash<QString, QString> captures = {{QStringLiteral("c"), QStringLiteral("a\"b\\")}};
        TemplateContext ctx;
        ctx.captures = &captures;
        const Template t = Template::parse(QStringLiteral(R"({"v":"{{capture.c}}"})"), nullptr,
                                           Template::Escaping::Json);
        const QJsonDocument doc = QJsonDocument::fromJson(t.renderUtf8(ctx));
        QCOMPARE(doc.object().value(QLatin1String("v")).toString(),
                 captures.value(QStringLiteral("c")));
    }

    void extraBraceBeforeAPlaceholderIsLiteral()
    {
        TemplateContext ctx;
        ctx.userIndex = 5;
        QCOMPARE(render(QStringLiteral("{{{user.index}}}"), ctx), QStringLiteral("{5}"));
    }

    void jsonEscapingKeepsThePayloadValid_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("quotes") << QStringLiteral("say \"hi\"");
        QTest::newRow("backslash") << QStringLiteral("C:\\path\\");
        QTest::newRow("control") << QStringLiteral("a\nb\tc\r\b\f\x01");
        QTest::newRow("unicode") << QStringLiteral("grüße ✓");
        QTest::newRow("plain") << QStringLiteral("lobby");
    }
    void jsonEscapingKeepsThePayloadValid()
    {
        QFETCH(QString, value);
        const QHash<QString, QString> vars = {{QStringLiteral("v"), value}};
        TemplateContext ctx;
        ctx.variables = &vars;
        QStringList errors;
        const Template t = Template::parse(QStringLiteral(R"({"text":"<{{var.v}}>","n":1})"),
                                           &errors, Template::Escaping::Json);
        QVERIFY(errors.isEmpty());
        QCOMPARE(t.escaping(), Template::Escaping::Json);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.renderUtf8(ctx), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QLatin1String("text")).toString(),
                 QLatin1Char('<') + value + QLatin1Char('>'));
    }

    void noEscapingLeavesValuesUnchanged()
    {
        const QHash<QString, QString> vars = {{QStringLiteral("v"), QStringLiteral("a\"b\\")}};
        TemplateContext ctx;
        ctx.variables = &vars;
        QCOMPARE(Template::parse(QStringLiteral("{{var.v}}"), nullptr).render(ctx),
                 QStringLiteral("a\"b\\"));
    }

    void renderUtf8MatchesRender()
    {
        const QHash<QString, QString> vars = {{QStringLiteral("v"), QStringLiteral("ü✓")}};
        TemplateContext ctx;
        ctx.variables = &vars;
        ctx.userIndex = 3;
        const Template t = Template::parse(QStringLiteral("ä {{var.v}} {{user.index}} ö"), nullptr);
        QCOMPARE(t.renderUtf8(ctx), t.render(ctx).toUtf8());
    }

    void parseErrorsAreReported_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QStringLiteral("hi {{user.name}}")
                                 << QStringLiteral("unknown placeholder {{user.name}}; known: "
                                                   "user.index, user.seq, uuid, randomInt(a,b), "
                                                   "randomString(n), timestamp, timestamp.s, "
                                                   "timestamp.iso, env.NAME, var.NAME, "
                                                   "capture.NAME");
        QTest::newRow("unknown function") << QStringLiteral("{{random(1)}}")
                                          << QStringLiteral("unknown placeholder {{random(1)}}");
        QTest::newRow("empty") << QStringLiteral("{{ }}") << QStringLiteral("empty placeholder");
        QTest::newRow("unterminated") << QStringLiteral("abc {{uuid")
                                      << QStringLiteral("unterminated placeholder: the '{{' at "
                                                        "character 5 has no closing '}}'");
        QTest::newRow("single closing brace")
            << QStringLiteral("{{uuid}") << QStringLiteral("unterminated placeholder");
        QTest::newRow("randomInt no args")
            << QStringLiteral("{{randomInt}}") << QStringLiteral("randomInt needs two integers");
        QTest::newRow("randomInt one arg")
            << QStringLiteral("{{randomInt(5)}}") << QStringLiteral("randomInt needs two integers");
        QTest::newRow("randomInt words") << QStringLiteral("{{randomInt(a,b)}}")
                                         << QStringLiteral("randomInt needs two integers");
        QTest::newRow("randomInt float") << QStringLiteral("{{randomInt(1.5,3)}}")
                                         << QStringLiteral("randomInt needs two integers");
        QTest::newRow("randomInt reversed")
            << QStringLiteral("{{randomInt(5,1)}}") << QStringLiteral("needs a ≤ b");
        QTest::newRow("randomInt too big")
            << QStringLiteral("{{randomInt(1,99999999999999999999)}}")
            << QStringLiteral("randomInt needs two integers");
        QTest::newRow("randomString zero")
            << QStringLiteral("{{randomString(0)}}") << QStringLiteral("from 1 to 4096");
        QTest::newRow("randomString huge")
            << QStringLiteral("{{randomString(4097)}}") << QStringLiteral("from 1 to 4096");
        QTest::newRow("randomString no args") << QStringLiteral("{{randomString()}}")
                                              << QStringLiteral("randomString needs a length");
        QTest::newRow("randomString two args") << QStringLiteral("{{randomString(1,2)}}")
                                               << QStringLiteral("randomString needs a length");
        QTest::newRow("env bad name")
            << QStringLiteral("{{env.1X}}") << QStringLiteral("bad environment variable name");
        QTest::newRow("env empty name")
            << QStringLiteral("{{env.}}") << QStringLiteral("bad environment variable name");
        QTest::newRow("var bad name")
            << QStringLiteral("{{var.a-b}}") << QStringLiteral("bad variable name");
        QTest::newRow("capture bad name")
            << QStringLiteral("{{capture.9}}") << QStringLiteral("bad capture name");
        QTest::newRow("capture without name")
            << QStringLiteral("{{capture}}") << QStringLiteral("unknown placeholder {{capture}}");
        QTest::newRow("uuid with args")
            << QStringLiteral("{{uuid()}}") << QStringLiteral("unknown placeholder {{uuid()}}");
        QTest::newRow("case matters")
            << QStringLiteral("{{UUID}}") << QStringLiteral("unknown placeholder {{UUID}}");
    }
    void parseErrorsAreReported()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QStringList errors;
        Template::parse(text, &errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains(message), qPrintable(errors.front()));
    }

    void everyErrorIsReported()
    {
        QStringList errors;
        const Template t = Template::parse(
            QStringLiteral("{{a}} ok {{user.index}} {{b}} {{randomInt(2,1)}} {{c"), &errors);
        QCOMPARE(errors.size(), 4);
        TemplateContext ctx;
        ctx.userIndex = 9;
        QCOMPARE(t.render(ctx), QStringLiteral(" ok 9   {{c"));
    }

    void renderingIsThreadSafe()
    {
        const Template t = Template::parse(
            QStringLiteral("{{user.index}}-{{uuid}}-{{randomInt(1,9)}}-{{var.v}}"), nullptr);
        const QHash<QString, QString> vars = {{QStringLiteral("v"), QStringLiteral("x")}};
        std::atomic<int> bad{0};
        QList<QThread *> threads;
        for (int i = 0; i < 4; ++i) {
            threads.append(QThread::create([&, i] {
                QRandomGenerator random(quint32(i + 1));
                TemplateContext ctx;
                ctx.userIndex = i;
                ctx.variables = &vars;
                ctx.random = &random;
                for (int n = 0; n < 5000; ++n) {
                    const QStringList parts = t.render(ctx).split(u'-');
                    if (parts.size() != 8 || parts[0] != QString::number(i) || parts[7] != u'x')
                        ++bad;
                }
            }));
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            thread->wait();
            delete thread;
        }
        QCOMPARE(bad.load(), 0);
    }

    void feedPlaceholdersRenderTheSelectedRow_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("path") << QStringLiteral("/users/{{feed.users.id}}") << "/users/42";
        QTest::newRow("two columns, spaces")
            << QStringLiteral("{{ feed.users.id }}:{{feed.users.email}}") << "42:a@b.c";
        QTest::newRow("column with dots and spaces")
            << QStringLiteral("{{feed.users.first name.x}}") << "Ada";
        QTest::newRow("two feeders")
            << QStringLiteral("{{feed.users.id}}-{{feed.items.sku}}") << "42-X1";
        QTest::newRow("unknown column renders empty")
            << QStringLiteral("[{{feed.users.nope}}]") << "[]";
    }
    void feedPlaceholdersRenderTheSelectedRow()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        FakeFeed feed;
        feed.values = {{QStringLiteral("users.id"), QStringLiteral("42")},
                       {QStringLiteral("users.email"), QStringLiteral("a@b.c")},
                       {QStringLiteral("users.first name.x"), QStringLiteral("Ada")},
                       {QStringLiteral("items.sku"), QStringLiteral("X1")}};
        TemplateContext ctx;
        ctx.feed = &feed;
        QStringList errors;
        const Template t = Template::parse(text, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(!t.isStatic());
        QCOMPARE(t.render(ctx), expected);
        QCOMPARE(t.renderUtf8(ctx), expected.toUtf8());
        // Without rows (no FeedValues) every feed placeholder is empty text.
        QCOMPARE(t.render(TemplateContext{}).contains(QLatin1String("42")), false);
    }

    void feedValuesAreJsonEscapedInJsonTemplates()
    {
        FakeFeed feed;
        feed.values = {{QStringLiteral("u.name"), QStringLiteral("say \"hi\"\\")}};
        TemplateContext ctx;
        ctx.feed = &feed;
        const Template t = Template::parse(QStringLiteral(R"({"name":"{{feed.u.name}}"})"), nullptr,
                                           Template::Escaping::Json);
        const QJsonDocument doc = QJsonDocument::fromJson(t.renderUtf8(ctx));
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value(QStringLiteral("name")).toString(),
                 QStringLiteral("say \"hi\"\\"));
    }

    void feedUsesAreListedOnceInOrder()
    {
        const Template t = Template::parse(
            QStringLiteral("{{feed.b.x}} {{feed.a.y}} {{feed.b.x}} {{var.v}} {{feed.b.z}}"),
            nullptr);
        QCOMPARE(t.feedUses(), (QList<FeedUse>{{QStringLiteral("b"), QStringLiteral("x")},
                                               {QStringLiteral("a"), QStringLiteral("y")},
                                               {QStringLiteral("b"), QStringLiteral("z")}}));
        QVERIFY(Template::parse(QStringLiteral("{{var.v}}"), nullptr).feedUses().isEmpty());
    }

    void badFeedPlaceholdersAreErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no column") << QStringLiteral("{{feed.users}}");
        QTest::newRow("empty column") << QStringLiteral("{{feed.users.}}");
        QTest::newRow("no name") << QStringLiteral("{{feed..id}}");
        QTest::newRow("name with a dash") << QStringLiteral("{{feed.my-users.id}}");
        QTest::newRow("name starts with a digit") << QStringLiteral("{{feed.1users.id}}");
        QTest::newRow("just feed") << QStringLiteral("{{feed.}}");
    }
    void badFeedPlaceholdersAreErrors()
    {
        QFETCH(QString, text);
        QStringList errors;
        const Template t = Template::parse(text, &errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains(QLatin1String("feed")), qPrintable(errors.front()));
        QVERIFY(t.feedUses().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TemplateTest)
#include "templatetest.moc"
