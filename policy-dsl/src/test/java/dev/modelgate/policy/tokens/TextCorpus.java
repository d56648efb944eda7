package dev.modelgate.policy.tokens;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Generated texts of the kinds a gateway sees in prompts: source code, prose in six scripts, JSON, base64 and
 * logs, from a few characters to tens of KB. Deterministic for a seed, so a failing case can be replayed.
 */
final class TextCorpus {

    enum Kind { CODE, PROSE_EN, PROSE_RU, PROSE_ZH, PROSE_JA, PROSE_AR, PROSE_HI, JSON, BASE64, LOG }

    record Sample(Kind kind, String text) {
    }

    private static final String[] EN = ("the a of to and in is it that for on with as was by this be are from at "
            + "request budget token provider gateway latency answer model team policy weather history river mountain "
            + "children because although however schedule September Tuesday quickly carefully unbelievable "
            + "internationalization don't we'll it's I'm you're they've").split(" ");
    private static final String[] RU = ("и в не на что с по это как из за его бюджет запрос модель команда ответ "
            + "погода история река гора дети потому однако расписание сентябрь быстро внимательно государственный "
            + "Москва Россия").split(" ");
    private static final String[] ZH = ("的 是 在 我们 你 他们 这个 模型 请求 预算 团队 回答 天气 历史 河流 山 孩子 因为 "
            + "但是 时间表 九月 快速 仔细 国际化 北京 中国 网关 延迟 提供者").split(" ");
    private static final String[] JA = ("の は を に が です ます 私 あなた 彼ら この モデル リクエスト 予算 チーム "
            + "回答 天気 歴史 川 山 子供 なぜなら しかし 予定 九月 速く 丁寧に 東京 日本 ゲートウェイ").split(" ");
    private static final String[] AR = ("في من على إلى أن هذا هذه الذي النموذج الطلب الميزانية الفريق الإجابة "
            + "الطقس التاريخ النهر الجبل الأطفال لأن لكن الجدول سبتمبر بسرعة بعناية القاهرة مصر").split(" ");
    private static final String[] HI = ("का की के में है और से को यह वह मॉडल अनुरोध बजट टीम उत्तर मौसम इतिहास नदी "
            + "पहाड़ बच्चे क्योंकि लेकिन समय सितंबर जल्दी ध्यान दिल्ली भारत").split(" ");
    private static final String[] IDENTS = {"request", "policy", "tokens", "parser", "budget", "limit", "route",
            "candidate", "decision", "count", "reader", "writer", "buffer", "offset", "length", "index", "i", "x"};
    private static final String[] PUNCT = {".", ",", "!", "?", ";", ":", " —", " (", ")", "\"", "'", "\n", "\n\n"};

    private TextCorpus() {
    }

    /** {@code n} samples, the kinds in turn, lengths spread from tens of characters to {@code maxChars}. */
    static List<Sample> generate(long seed, int n, int maxChars) {
        Random random = new Random(seed);
        List<Sample> out = new ArrayList<>(n);
        Kind[] kinds = Kind.values();
        for (int i = 0; i < n; i++) {
            Kind kind = kinds[i % kinds.length];
            // log-uniform lengths: as many short prompts as long tool results
            int chars = (int) Math.round(Math.exp(Math.log(20) + random.nextDouble() * (Math.log(maxChars) - Math.log(20))));
            out.add(new Sample(kind, text(kind, random, chars)));
        }
        return out;
    }

    static String text(Kind kind, Random random, int chars) {
        return switch (kind) {
            case CODE -> code(random, chars);
            case PROSE_EN -> prose(random, chars, EN, " ");
            case PROSE_RU -> prose(random, chars, RU, " ");
            case PROSE_ZH -> prose(random, chars, ZH, "");
            case PROSE_JA -> prose(random, chars, JA, "");
            case PROSE_AR -> prose(random, chars, AR, " ");
            case PROSE_HI -> prose(random, chars, HI, " ");
            case JSON -> json(random, chars);
            case BASE64 -> base64(random, chars);
            case LOG -> log(random, chars);
        };
    }

    private static String prose(Random random, int chars, String[] words, String gap) {
        StringBuilder out = new StringBuilder(chars + 32);
        boolean capital = true;
        while (out.length() < chars) {
            String word = words[random.nextInt(words.length)];
            out.append(capital ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            capital = false;
            int r = random.nextInt(20);
            if (r == 0) {
                out.append(PUNCT[random.nextInt(PUNCT.length)]).append(' ');
                capital = true;
            } else if (r == 1) {
                out.append(' ').append(random.nextInt(r == 1 ? 2030 : 10)).append(' ');
            } else if (r == 2 && random.nextInt(4) == 0) {
                out.append(" 🙂 ");
            } else {
                out.append(gap);
            }
        }
        return out.toString();
    }

    private static String code(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128);
        while (out.length() < chars) {
            String a = IDENTS[random.nextInt(IDENTS.length)];
            String b = IDENTS[random.nextInt(IDENTS.length)];
            switch (random.nextInt(4)) {
                case 0 -> out.append("    public int ").append(a).append(Character.toUpperCase(b.charAt(0))).append(b.substring(1))
                        .append("(List<String> ").append(b).append("s, int ").append(a).append(") {\n");
                case 1 -> out.append("        if (").append(a).append(" >= ").append(random.nextInt(4096)).append(" && ")
                        .append(b).append(".isEmpty()) {\n            return ").append(a).append("[i + 1];\n        }\n");
                case 2 -> out.append("def ").append(a).append('_').append(b).append("(self, ").append(b)
                        .append("=None):\n    \"\"\"Return the ").append(a).append(".\"\"\"\n    return self.")
                        .append(b).append(".get('").append(a).append("', ").append(random.nextInt(100)).append(")\n\n");
                default -> out.append("\tconst ").append(a).append(" = await fetch(`/api/").append(b).append("/${id}`);")
                        .append("  // ").append(prose(random, 30, EN, " ").trim()).append('\n');
            }
        }
        return out.toString();
    }

    private static String json(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128).append("{\"items\": [");
        while (out.length() < chars) {
            out.append("{\"id\": ").append(random.nextInt(1_000_000)).append(", \"name\": \"")
                    .append(IDENTS[random.nextInt(IDENTS.length)]).append('-').append(random.nextInt(100))
                    .append("\", \"score\": ").append(random.nextInt(100_000) / 1000.0).append(", \"tags\": [\"")
                    .append(IDENTS[random.nextInt(IDENTS.length)]).append("\"], \"active\": ").append(random.nextBoolean())
                    .append(", \"note\": \"").append(prose(random, 20 + random.nextInt(40), EN, " ").trim().replace("\"", "'"))
                    .append("\"},\n  ");
        }
        return out.append("{}]}").toString();
    }

    private static String base64(Random random, int chars) {
        byte[] bytes = new byte[chars * 3 / 4 + 1];
        random.nextBytes(bytes);
        String encoded = random.nextBoolean() ? Base64.getEncoder().encodeToString(bytes)
                : Base64.getMimeEncoder().encodeToString(bytes);
        return random.nextInt(3) == 0 ? "data:image/png;base64," + encoded : encoded;
    }

    private static String log(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128);
        while (out.length() < chars) {
            out.append("2026-11-").append(10 + random.nextInt(20)).append('T').append(10 + random.nextInt(13)).append(':')
                    .append(10 + random.nextInt(50)).append(':').append(10 + random.nextInt(50)).append('.')
                    .append(100 + random.nextInt(900)).append('Z').append(random.nextInt(8) == 0 ? " WARN " : " INFO ")
                    .append("[pool-").append(random.nextInt(9)).append("-thread-").append(random.nextInt(64)).append("] ")
                    .append("dev.modelgate.").append(IDENTS[random.nextInt(IDENTS.length)]).append(" - ")
                    .append(prose(random, 30 + random.nextInt(60), EN, " ").trim())
                    .append(" status=").append(200 + random.nextInt(4) * 100).append(" took=").append(random.nextInt(5000))
                    .append("ms id=").append(Long.toHexString(random.nextLong())).append('\n');
        }
        return out.toString();
    }
}
