#include "profile/steps/stepreader.h"

#include "profile/profileio.h"

#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <limits>

namespace cicada {

namespace {

const QString kComment = QStringLiteral("comment");

} // namespace

QString StepReader::typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

namespace {

// RFC 9110 token: header names, HTTP methods and cookie names.
bool isToken(const QString &s)
{
    static const QRegularExpression kToken(QStringLiteral(R"(^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$)"));
    return kToken.match(s).hasMatch();
}

// Optimal string alignment distance, case-insensitive: "nmae" is one edit from "name".
int editDistance(const QString &a0, const QString &b0)
{
    const QString a = a0.toLower();
    const QString b = b0.toLower();
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace

StepReader::StepReader(QList<ProfileIssue> *issues) : m_issues(issues) {}

bool StepReader::isIdentifier(const QString &s)
{
    static const QRegularExpression kIdentifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return kIdentifier.match(s).hasMatch();
}

QString StepReader::quotedList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &s : items)
        quoted.append(QLatin1Char('\'') + s + QLatin1Char('\''));
    return quoted.join(QLatin1String(", "));
}

QString StepReader::childPath(const QString &path, const QString &key)
{
    if (isIdentifier(key))
        return path + QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return path + QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString StepReader::indexPath(const QString &path, qsizetype index)
{
    return path + QStringLiteral("[%1]").arg(index);
}

QString StepReader::closest(const QString &key, const QStringList &known)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &candidate : known) {
        const int d = editDistance(key, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    const int allowed = key.size() >= 5 ? 2 : 1;
    return bestDistance <= allowed ? best : QString();
}

void StepReader::error(const QString &path, const QString &message)
{
    m_issues->append({path, message, ProfileIssue::Severity::Error, 0});
}

void StepReader::warning(const QString &path, const QString &message)
{
    m_issues->append({path, message, ProfileIssue::Severity::Warning, 0});
}

void StepReader::wrongType(const QString &path, const QString &what, const QString &expected,
                           const QJsonValue &value)
{
    error(path, QStringLiteral("%1 must be %2, not %3").arg(what, expected, typeName(value)));
}

int StepReader::checkKeys(const QJsonObject &object, const QString &path, const QStringList &known,
                          const QStringList &schema2Keys)
{
    int unknown = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key())) {
            if (schema2Keys.contains(it.key()))
                requireSchema2(childPath(path, it.key()),
                               QLatin1Char('"') + it.key() + QLatin1Char('"'));
            continue;
        }
        ++unknown;
        const QString suggestion = closest(it.key(), known);
        error(
            childPath(path, it.key()),
            suggestion.isEmpty()
                ? QStringLiteral("unknown key '%1'; expected one of: %2")
                      .arg(it.key(), quotedList(known))
                : QStringLiteral("unknown key '%1'; did you mean '%2'?").arg(it.key(), suggestion));
    }
    return unknown;
}

void StepReader::requireSchema2(const QString &path, const QString &what)
{
    if (m_declaredSchema < 2)
        error(path, QStringLiteral("%1 is new in schema 2; set \"schema\": 2 at the top of the "
                                   "profile to use it")
                        .arg(what));
}

bool StepReader::readString(const QJsonObject &o, const QString &key, const QString &path,
                            QString *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isString()) {
        wrongType(childPath(path, key), key, QStringLiteral("a string"), v);
        return false;
    }
    *out = v.toString();
    return true;
}

bool StepReader::readBool(const QJsonObject &o, const QString &key, const QString &path, bool *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isBool()) {
        wrongType(childPath(path, key), key, QStringLiteral("true or false"), v);
        return false;
    }
    *out = v.toBool();
    return true;
}

bool StepReader::readInt(const QJsonObject &o, const QString &key, const QString &path, int min,
                         int max, int *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    const QString p = childPath(path, key);
    if (!v.isDouble()) {
        wrongType(p, key, QStringLiteral("a whole number"), v);
        return false;
    }
    const double d = v.toDouble();
    if (d != std::floor(d)) {
        error(p, QStringLiteral("%1 must be a whole number, got %2").arg(key).arg(d));
        return false;
    }
    if (d < min) {
        error(p, QStringLiteral("%1 must be at least %2, got %3").arg(key).arg(min).arg(d));
        return false;
    }
    if (d > max) {
        error(p,
              QStringLiteral("%1 must be at most %2, got %3").arg(key).arg(max).arg(d, 0, 'g', 12));
        return false;
    }
    *out = int(d);
    return true;
}

bool StepReader::readSize(const QJsonObject &o, const QString &key, const QString &path,
                          qint64 *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    const QString p = childPath(path, key);
    if (!v.isDouble()) {
        wrongType(p, key, QStringLiteral("a number of bytes"), v);
        return false;
    }
    const double d = v.toDouble();
    if (d != std::floor(d) || d < 1 || d > double(kMaxSizeBytes)) {
        error(p, QStringLiteral("%1 must be a whole number of bytes from 1 to %2 (2 GiB), got %3")
                     .arg(key, sizeText(kMaxSizeBytes))
                     .arg(d, 0, 'g', 12));
        return false;
    }
    *out = qint64(d);
    return true;
}

bool StepReader::readDuration(const QJsonValue &v, const QString &what, const QString &path,
                              qint64 *out)
{
    bool ok = false;
    QString why;
    const qint64 ms = ProfileIo::parseDuration(v, &ok, &why);
    if (!ok) {
        error(path, QStringLiteral("%1: %2").arg(what, why));
        return false;
    }
    *out = ms;
    return true;
}

bool StepReader::readDuration(const QJsonObject &o, const QString &key, const QString &path,
                              qint64 *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    return readDuration(v, key, childPath(path, key), out);
}

bool StepReader::readTimeout(const QJsonObject &o, const QString &key, const QString &path,
                             const QString &fallback, qint64 *out)
{
    qint64 ms = 0;
    if (!readDuration(o, key, path, &ms))
        return false;
    if (ms <= 0) {
        error(childPath(path, key),
              fallback.isEmpty()
                  ? QStringLiteral("%1 must be longer than 0").arg(key)
                  : QStringLiteral("%1 must be longer than 0; leave it out to use %2")
                        .arg(key, fallback));
        return false;
    }
    *out = ms;
    return true;
}

bool StepReader::readObject(const QJsonObject &o, const QString &key, const QString &path,
                            QJsonObject *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isObject()) {
        wrongType(childPath(path, key), key, QStringLiteral("an object"), v);
        return false;
    }
    *out = v.toObject();
    return true;
}

bool StepReader::readArray(const QJsonObject &o, const QString &key, const QString &path,
                           QJsonArray *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isArray()) {
        wrongType(childPath(path, key), key, QStringLiteral("an array"), v);
        return false;
    }
    *out = v.toArray();
    return true;
}

QString StepReader::readComment(const QJsonObject &o, const QString &path)
{
    QString comment;
    readString(o, kComment, path, &comment);
    return comment;
}

bool StepReader::readStringList(const QJsonObject &o, const QString &key, const QString &path,
                                bool singleAllowed, QStringList *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    const QString p = childPath(path, key);
    if (v.isString() && singleAllowed) {
        *out = {v.toString()};
        return true;
    }
    if (!v.isArray()) {
        wrongType(p, key,
                  singleAllowed ? QStringLiteral("a string or a list of strings")
                                : QStringLiteral("a list of strings"),
                  v);
        return false;
    }
    const QJsonArray array = v.toArray();
    QStringList list;
    bool ok = true;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            wrongType(indexPath(p, i), key, QStringLiteral("a list of strings"), array.at(i));
            ok = false;
            continue;
        }
        list.append(array.at(i).toString());
    }
    *out = list;
    return ok;
}

void StepReader::checkTemplate(const QString &text, const QString &path,
                               Template::Escaping escaping, const QString &prefix, bool envOnly)
{
    QStringList errors;
    const Template t = Template::parse(text, &errors, escaping);
    for (const QString &e : std::as_const(errors))
        error(path, prefix + e);
    const QStringList vars = t.varNames();
    const QStringList captures = t.captureNames();
    if (envOnly) {
        static const QRegularExpression kNotEnv(QStringLiteral(R"(\{\{\s*(?!env\.))"));
        if (kNotEnv.match(text).hasMatch())
            error(path,
                  QStringLiteral("%1only {{env.NAME}} placeholders are allowed here").arg(prefix));
    } else {
        for (const QString &name : vars) {
            bool defined = false;
            for (const NameValue &v : std::as_const(m_profile.variables))
                defined = defined || v.name == name;
            if (!defined)
                error(path,
                      QStringLiteral("%1{{var.%2}} uses an undefined variable; define \"%2\" in "
                                     "$.variables")
                          .arg(prefix, name));
        }
        for (const QString &name : captures) {
            requireSchema2(path, QStringLiteral("{{capture.%1}}").arg(name));
            m_captureUses.append({name, path, m_captureScope});
        }
        checkFeedUses(t, path, prefix);
    }
    const QStringList envs = t.envNames();
    for (const QString &name : envs) {
        if (!m_environment.contains(name))
            warning(path, QStringLiteral("%1environment variable %2 is not set; {{env.%2}} will be "
                                         "empty")
                              .arg(prefix, name));
    }
}

void StepReader::checkFeedUses(const Template &t, const QString &path, const QString &prefix)
{
    const QList<FeedUse> uses = t.feedUses();
    for (const FeedUse &use : uses) {
        const QString shown = QStringLiteral("{{feed.%1.%2}}").arg(use.feeder, use.column);
        requireSchema2(path, shown);
        if (m_profile.findFeeder(use.feeder))
            continue;
        QStringList names;
        for (const Feeder &f : std::as_const(m_profile.feeders))
            names.append(f.name);
        const QString suggestion = closest(use.feeder, names);
        error(path,
              prefix +
                  (!suggestion.isEmpty()
                       ? QStringLiteral("%1 uses an undefined feeder '%2'; did you mean '%3'?")
                             .arg(shown, use.feeder, suggestion)
                   : names.isEmpty()
                       ? QStringLiteral("%1 uses an undefined feeder '%2'; define it in $.feeders")
                             .arg(shown, use.feeder)
                       : QStringLiteral("%1 uses an undefined feeder '%2'; defined feeders: %3")
                             .arg(shown, use.feeder, quotedList(names))));
    }
}

void StepReader::checkJsonTemplate(const QJsonValue &value, const QString &path)
{
    // Every placeholder of a JSON payload sits inside one string, so checking the strings one by
    // one gives the same verdict as parsing the compact source, with a precise path.
    if (value.isString()) {
        checkTemplate(value.toString(), path, Template::Escaping::Json);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            checkJsonTemplate(array.at(i), indexPath(path, i));
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString p = childPath(path, it.key());
            checkTemplate(it.key(), p, Template::Escaping::Json, QStringLiteral("in the key: "));
            checkJsonTemplate(it.value(), p);
        }
    }
}

void StepReader::checkUrl(const QString &url, const QString &path, const QString &what,
                          const QStringList &schemes, UrlPlaceholders placeholders)
{
    QStringList examples;
    for (const QString &s : schemes)
        examples.append(s + QLatin1String("://"));
    const QString article =
        schemes.front().startsWith(u'h') ? QStringLiteral("an") : QStringLiteral("a");
    if (url.contains(QLatin1String("{{"))) {
        if (placeholders == UrlPlaceholders::None) {
            error(path, QStringLiteral("%1 cannot hold placeholders; write a literal %2 URL")
                            .arg(what, examples.join(QLatin1String(" or "))));
            return;
        }
        checkTemplate(url, path, Template::Escaping::None, {},
                      placeholders == UrlPlaceholders::EnvOnly);
        // "{{env.BASE_URL}}" is only known when the run starts; a literal start is checked now.
        const qsizetype open = url.indexOf(QLatin1String("{{"));
        const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
        if (open == 0 || (schemeEnd < 0 && open < 8))
            return;
        if (schemeEnd < 0 || schemeEnd > open || !schemes.contains(url.left(schemeEnd)))
            error(path, QStringLiteral("%1 must be %2 %3 URL; got '%4'")
                            .arg(what, article, examples.join(QLatin1String(" or ")), url));
        return;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || !schemes.contains(parsed.scheme()) || parsed.host().isEmpty())
        error(path, QStringLiteral("%1 must be %2 %3 URL with a host; got '%4'")
                        .arg(what, article, examples.join(QLatin1String(" or ")), url));
}

void StepReader::checkTemplateReference(const QString &name, const QString &path)
{
    if (m_profile.findTemplate(name))
        return;
    QStringList names;
    for (const PayloadTemplate &t : std::as_const(m_profile.templates))
        names.append(t.name);
    const QString suggestion = closest(name, names);
    if (!suggestion.isEmpty())
        error(path,
              QStringLiteral("unknown template '%1'; did you mean '%2'?").arg(name, suggestion));
    else if (names.isEmpty())
        error(path, QStringLiteral("unknown template '%1'; no templates are defined in $.templates")
                        .arg(name));
    else
        error(path, QStringLiteral("unknown template '%1'; defined templates: %2")
                        .arg(name, quotedList(names)));
}

void StepReader::readBody(const QJsonObject &o, const QString &path, const QString &requiredBy,
                          QString *bodyTemplate, QString *body)
{
    const bool hasTemplate = readString(o, QStringLiteral("template"), path, bodyTemplate);
    const bool hasBody = readString(o, QStringLiteral("body"), path, body);
    if (hasTemplate && hasBody && !bodyTemplate->isEmpty() && !body->isEmpty()) {
        error(path, QStringLiteral("use either \"template\" or \"body\", not both"));
        return;
    }
    if (hasTemplate && !bodyTemplate->isEmpty())
        checkTemplateReference(*bodyTemplate, path + QLatin1String(".template"));
    if (hasBody && !body->isEmpty())
        checkTemplate(*body, path + QLatin1String(".body"));
    if (requiredBy.isEmpty() || !bodyTemplate->isEmpty() || !body->isEmpty())
        return;
    if (!o.value(QLatin1String("template")).isString() &&
        !o.value(QLatin1String("body")).isString())
        error(path, QStringLiteral("%1 needs a \"template\" (a name from $.templates) or a "
                                   "\"body\" (text)")
                        .arg(requiredBy));
    else
        error(path,
              QStringLiteral("%1 needs a non-empty \"template\" or \"body\"").arg(requiredBy));
}

QList<NameValue> StepReader::readNameValues(const QJsonObject &parent, const QString &key,
                                            const QString &parentPath, bool cookies)
{
    QList<NameValue> out;
    QJsonArray array;
    if (!readArray(parent, key, parentPath, &array))
        return out;
    const QString what = cookies ? QStringLiteral("cookie") : QStringLiteral("header");
    QStringList known = {QStringLiteral("name"), QStringLiteral("value"), kComment};
    if (cookies)
        known.insert(2, QStringLiteral("domain"));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = indexPath(childPath(parentPath, key), i);
        if (!array.at(i).isObject()) {
            wrongType(path, QStringLiteral("a %1").arg(what),
                      QStringLiteral("an object like {\"name\": \"...\", \"value\": \"...\"}"),
                      array.at(i));
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        checkKeys(o, path, known);
        NameValue nv;
        if (!o.contains(QLatin1String("name")))
            error(path, QStringLiteral("a %1 needs a \"name\"").arg(what));
        if (readString(o, QStringLiteral("name"), path, &nv.name) && !isToken(nv.name))
            error(
                path + QLatin1String(".name"),
                QStringLiteral("'%1' is not a valid %2 name (letters, digits and !#$%&'*+-.^_`|~, "
                               "no spaces)")
                    .arg(nv.name, what));
        if (!o.contains(QLatin1String("value")))
            error(path, QStringLiteral("a %1 needs a \"value\"").arg(what));
        if (readString(o, QStringLiteral("value"), path, &nv.value)) {
            checkTemplate(nv.value, path + QLatin1String(".value"));
            // Cookies go into the jar once, when the user is created, before any row is chosen.
            if (cookies && nv.value.contains(QLatin1String("{{")) &&
                !Template::parse(nv.value, nullptr).feedUses().isEmpty())
                error(path + QLatin1String(".value"),
                      QStringLiteral("{{feed...}} cannot be used in a cookie (cookies are set "
                                     "once, before a row is chosen); send it in a header"));
        }
        if (cookies)
            readString(o, QStringLiteral("domain"), path, &nv.domain);
        nv.comment = readComment(o, path);
        out.append(nv);
    }
    return out;
}

bool StepReader::checkPointer(const QString &pointer, const QString &path, const QString &what,
                              bool nonEmpty)
{
    static const QRegularExpression kPointer(QStringLiteral("^(/([^~]|~[01])*)*$"));
    if (pointer.isEmpty() && nonEmpty) {
        error(path, QStringLiteral("%1 needs a JSON pointer such as \"/id\"").arg(what));
        return false;
    }
    if (!kPointer.match(pointer).hasMatch()) {
        error(path, QStringLiteral("%1 must be a JSON pointer (RFC 6901) such as \"/id\" or "
                                   "\"/meta/requestId\": it starts with '/' and writes '~' as "
                                   "'~0' and '/' in a name as '~1'; got '%2'")
                        .arg(what, pointer));
        return false;
    }
    return true;
}

bool StepReader::checkRegex(const QString &pattern, const QString &path, const QString &what)
{
    const QRegularExpression re(pattern);
    if (re.isValid())
        return true;
    error(path, QStringLiteral("%1 is not a valid regular expression: %2 at character %3")
                    .arg(what, re.errorString())
                    .arg(re.patternErrorOffset() + 1));
    return false;
}

QList<Capture> StepReader::readCaptures(const QJsonObject &o, const QString &key,
                                        const QString &path, bool http)
{
    QList<Capture> out;
    QJsonObject map;
    if (!readObject(o, key, path, &map))
        return out;
    const QString mapPath = childPath(path, key);
    QStringList sources = {QStringLiteral("json"), QStringLiteral("regex")};
    if (http)
        sources << QStringLiteral("header") << QStringLiteral("cookie");
    const QString expected =
        http ? QStringLiteral("an object with one of 'json' (a JSON pointer), 'header', 'regex' "
                              "or 'cookie'")
             : QStringLiteral("an object with one of 'json' (a JSON pointer) or 'regex'");
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString p = childPath(mapPath, it.key());
        Capture capture;
        capture.name = it.key();
        if (!isIdentifier(capture.name))
            error(p, QStringLiteral("capture name '%1' cannot be used as {{capture.NAME}}: use "
                                    "letters, digits and '_', not starting with a digit")
                         .arg(capture.name));
        if (!it.value().isObject()) {
            wrongType(p, QStringLiteral("a capture"), expected, it.value());
            continue;
        }
        const QJsonObject c = it.value().toObject();
        QStringList known = sources;
        known << QStringLiteral("header") << QStringLiteral("cookie") << kComment;
        known.removeDuplicates();
        checkKeys(c, p, known);
        capture.comment = readComment(c, p);
        QStringList present;
        for (const QString &s : std::as_const(known)) {
            if (s != kComment && c.contains(s))
                present.append(s);
        }
        if (present.size() != 1) {
            error(p, present.isEmpty()
                         ? QStringLiteral("a capture needs %1").arg(expected.mid(3))
                         : QStringLiteral("a capture has exactly one source; found %1")
                               .arg(quotedList(present)));
            continue;
        }
        const QString source = present.front();
        const QString sp = childPath(p, source);
        if (!sources.contains(source)) {
            error(sp, QStringLiteral("a %1 capture only works on http steps; a WebSocket message "
                                     "has no %1s")
                          .arg(source));
            continue;
        }
        if (!readString(c, source, p, &capture.expression))
            continue;
        if (source == QLatin1String("json")) {
            capture.source = Capture::Source::Json;
            checkPointer(capture.expression, sp, QStringLiteral("json"), false);
        } else if (source == QLatin1String("regex")) {
            capture.source = Capture::Source::Regex;
            checkRegex(capture.expression, sp, QStringLiteral("regex"));
        } else if (source == QLatin1String("header")) {
            capture.source = Capture::Source::Header;
            if (!isToken(capture.expression))
                error(sp,
                      QStringLiteral("'%1' is not a valid header name").arg(capture.expression));
        } else {
            capture.source = Capture::Source::Cookie;
            if (!isToken(capture.expression))
                error(sp,
                      QStringLiteral("'%1' is not a valid cookie name").arg(capture.expression));
        }
        m_capturedNames[m_captureScope].insert(capture.name);
        out.append(capture);
    }
    return out;
}

QList<Condition> StepReader::readConditions(const QJsonObject &o, const QString &key,
                                            const QString &path)
{
    QList<Condition> out;
    QJsonArray array;
    if (!readArray(o, key, path, &array))
        return out;
    for (qsizetype i = 0; i < array.size(); ++i)
        out.append(readCondition(array.at(i), indexPath(childPath(path, key), i)));
    return out;
}

Condition StepReader::readCondition(const QJsonValue &value, const QString &path)
{
    Condition condition;
    const QString expected =
        QStringLiteral("an object like {\"json\": \"/status\", \"equals\": \"ok\"} (or "
                       "\"contains\", \"exists\", \"regex\")");
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("a condition"), expected, value);
        return condition;
    }
    const QJsonObject o = value.toObject();
    const QStringList ops = {QStringLiteral("equals"), QStringLiteral("contains"),
                             QStringLiteral("exists"), QStringLiteral("regex")};
    checkKeys(o, path, QStringList{QStringLiteral("json")} << ops << kComment);
    condition.comment = readComment(o, path);
    const bool hasPointer = readString(o, QStringLiteral("json"), path, &condition.pointer);
    if (hasPointer)
        checkPointer(condition.pointer, path + QLatin1String(".json"), QStringLiteral("json"),
                     false);
    QStringList present;
    for (const QString &op : ops) {
        if (o.contains(op))
            present.append(op);
    }
    if (present.size() != 1) {
        error(path, present.isEmpty()
                        ? QStringLiteral("a condition needs one of 'equals', 'contains', 'exists' "
                                         "or 'regex'")
                        : QStringLiteral("a condition has exactly one test; found %1")
                              .arg(quotedList(present)));
        return condition;
    }
    const QString op = present.front();
    const QString p = childPath(path, op);
    const QJsonValue v = o.value(op);
    if (op == QLatin1String("equals")) {
        condition.op = Condition::Op::Equals;
        condition.value = v;
        if (!o.contains(QLatin1String("json")))
            error(path, QStringLiteral("\"equals\" compares the value at a JSON pointer: add "
                                       "\"json\", e.g. \"json\": \"/status\""));
    } else if (op == QLatin1String("exists")) {
        if (!v.isBool()) {
            wrongType(p, op, QStringLiteral("true or false"), v);
            return condition;
        }
        condition.op = v.toBool() ? Condition::Op::Exists : Condition::Op::NotExists;
        if (!o.contains(QLatin1String("json")))
            error(path, QStringLiteral("\"exists\" tests a JSON pointer: add \"json\", e.g. "
                                       "\"json\": \"/items\""));
    } else {
        condition.op =
            op == QLatin1String("contains") ? Condition::Op::Contains : Condition::Op::Regex;
        if (!v.isString()) {
            wrongType(p, op, QStringLiteral("a string"), v);
            return condition;
        }
        condition.value = v;
        if (condition.op == Condition::Op::Regex)
            checkRegex(v.toString(), p, op);
    }
    return condition;
}

QList<Step> StepReader::readSteps(const QJsonObject &o, const QString &key, const QString &path,
                                  bool required)
{
    QList<Step> steps;
    QJsonArray array;
    const bool present = readArray(o, key, path, &array);
    if (required && (!o.contains(key) || (present && array.isEmpty())))
        error(childPath(path, key), QStringLiteral("a task needs at least one step"));
    for (qsizetype i = 0; i < array.size(); ++i)
        steps.append(readStep(array.at(i), indexPath(childPath(path, key), i)));
    return steps;
}

Step StepReader::readStep(const QJsonValue &value, const QString &path)
{
    QStringList kinds;
    for (const StepDescriptor &d : stepDescriptors())
        kinds.append(d.key);
    Step step;
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("a step"),
                  QStringLiteral("an object with one of %1")
                      .arg(quotedList(kinds).replace(QLatin1String(", '") + kinds.last(),
                                                     QLatin1String(" or '") + kinds.last())),
                  value);
        return step;
    }
    const QJsonObject o = value.toObject();
    const int unknown = checkKeys(o, path, QStringList(kinds) << kComment);
    step.comment = readComment(o, path);
    QStringList present;
    for (const QString &k : std::as_const(kinds)) {
        if (o.contains(k))
            present.append(k);
    }
    if (present.size() > 1) {
        error(path,
              QStringLiteral("a step has exactly one kind; found %1").arg(quotedList(present)));
        return step;
    }
    if (present.isEmpty()) {
        if (unknown == 0)
            error(path, QStringLiteral("a step needs exactly one of: %1").arg(quotedList(kinds)));
        return step;
    }
    const StepDescriptor *descriptor = findStepDescriptor(present.front());
    const QString p = childPath(path, descriptor->key);
    const QJsonValue v = o.value(descriptor->key);
    // A comment may sit on the step or inside its kind object; the model keeps one.
    const QString comment = step.comment;
    if (v.isObject() && v.toObject().contains(kComment) && o.contains(kComment))
        error(childPath(p, kComment),
              QStringLiteral("this step already has a comment next to '%1'; keep one")
                  .arg(descriptor->key));
    step = descriptor->read(v, p, *this);
    if (v.isObject() && v.toObject().contains(kComment) && !o.contains(kComment))
        step.comment = readComment(v.toObject(), p);
    else
        step.comment = comment;
    return step;
}

void StepReader::checkCaptureUses()
{
    QStringList everywhere;
    for (const QSet<QString> &names : std::as_const(m_capturedNames))
        everywhere.append(QStringList(names.cbegin(), names.cend()));
    everywhere.removeDuplicates();
    everywhere.sort();
    for (const CaptureUse &use : std::as_const(m_captureUses)) {
        const QSet<QString> own = m_capturedNames.value(use.scope);
        if (use.scope.isEmpty() ? everywhere.contains(use.name) : own.contains(use.name))
            continue;
        if (everywhere.contains(use.name)) {
            QStringList owners;
            for (auto it = m_capturedNames.cbegin(); it != m_capturedNames.cend(); ++it) {
                if (it.value().contains(use.name))
                    owners.append(it.key());
            }
            owners.sort();
            error(use.path, QStringLiteral("{{capture.%1}} is captured only by user type %2: each "
                                           "user has its own captures, so it is always empty here")
                                .arg(use.name, quotedList(owners)));
            continue;
        }
        const QString suggestion = closest(
            use.name, use.scope.isEmpty() ? everywhere : QStringList(own.cbegin(), own.cend()));
        error(use.path,
              suggestion.isEmpty()
                  ? QStringLiteral("{{capture.%1}} is never captured: add \"capture\": {\"%1\": "
                                   "{...}} to an http, wsSend or wsAwait step")
                        .arg(use.name)
                  : QStringLiteral("{{capture.%1}} is never captured; did you mean "
                                   "{{capture.%2}}?")
                        .arg(use.name, suggestion));
    }
}

} // namespace cicada
