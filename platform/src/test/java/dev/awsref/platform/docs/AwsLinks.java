package dev.awsref.platform.docs;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links of a Markdown page that point at AWS but not at AWS's own pages over HTTPS. The docs
 * back every AWS limit with a link; a link to a translated mirror, a proxy or the China partition
 * can show an older text than the one the limit was checked against, and plain HTTP is not AWS's
 * page either.
 */
final class AwsLinks {

    /** Where AWS publishes its documentation and its announcements and blogs. */
    static final Set<String> AWS_HOSTS = Set.of("docs.aws.amazon.com", "aws.amazon.com");

    /** AWS's own tools that are not pages of a limit (the pricing calculator). */
    private static final Set<String> AWS_TOOLS = Set.of("calculator.aws");

    private static final Pattern LINK = Pattern.compile("\\]\\((https?://[^)\\s]+)\\)");

    /** The section every pattern page gives the AWS limits in (the deployments page drops "AWS"). */
    private static final Pattern LIMITS_HEADING =
            Pattern.compile("^## The (AWS )?limits that matter\\s*$", Pattern.CASE_INSENSITIVE);

    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|[\\s:|-]+\\|\\s*$");

    /** A link target: its digits are a URL's, not a stated figure. */
    private static final Pattern LINK_TARGET = Pattern.compile("\\]\\([^)]*\\)");

    private static final Pattern AWS_LINK = Pattern.compile("\\]\\(https://(docs\\.)?aws\\.amazon\\.com/");

    /**
     * Words with which an item says that its figure is not AWS's, so it needs no AWS page: the
     * engines' own limits, or what AWS leaves undocumented.
     */
    private static final List<String> NOT_AWS_FIGURES =
            List.of("not aws quotas", "not an aws limit", "aws does not document");

    private AwsLinks() {}

    /**
     * One line per item of a page's "The AWS limits that matter" section (a table row or a bullet
     * with its continuation lines) that states a figure, a digit outside any link target (in a row:
     * in the limit or value cell), without a link to AWS's page in the same item. A figure there is an AWS limit unless the item says it
     * is not; a link elsewhere on the page does not vouch for it.
     */
    static List<String> unlinkedLimits(String page, String markdown) {
        var problems = new ArrayList<String>();
        String[] lines = markdown.split("\\R", -1);
        boolean inLimits = false;
        int itemLine = -1;
        var item = new StringBuilder();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "## end";
            boolean continuation = inLimits && itemLine >= 0 && item.charAt(0) == '-' && line.startsWith("  ");
            if (!continuation && itemLine >= 0) {
                checkItem(page, itemLine, item.toString(), problems);
                itemLine = -1;
                item.setLength(0);
            }
            if (line.startsWith("## ")) {
                inLimits = LIMITS_HEADING.matcher(line).matches();
                continue;
            }
            if (!inLimits) {
                continue;
            }
            if (continuation) {
                item.append(' ').append(line.strip());
                continue;
            }
            boolean header = i + 1 < lines.length
                    && TABLE_SEPARATOR.matcher(lines[i + 1]).matches();
            boolean row = line.startsWith("|") && !TABLE_SEPARATOR.matcher(line).matches() && !header;
            if (row || line.startsWith("- ")) {
                itemLine = i + 1;
                item.append(line);
            }
        }
        return problems;
    }

    /**
     * The part of an item that states what AWS does: a table row's first two cells (the limit and
     * its value; the third says what this project makes of it, in its own figures), or a whole bullet.
     */
    private static String awsPart(String item) {
        if (!item.startsWith("|")) {
            return item;
        }
        String[] cells = item.split("\\|", -1);
        return cells.length > 3 ? cells[1] + "|" + cells[2] : item;
    }

    private static void checkItem(String page, int line, String item, List<String> problems) {
        boolean statesAFigure =
                LINK_TARGET.matcher(awsPart(item)).replaceAll("]").chars().anyMatch(Character::isDigit);
        String lower = item.toLowerCase(Locale.ROOT);
        boolean saysNotAws = NOT_AWS_FIGURES.stream().anyMatch(lower::contains);
        if (statesAFigure && !AWS_LINK.matcher(item).find() && !saysNotAws) {
            String shown = item.length() > 120 ? item.substring(0, 120) + "..." : item;
            problems.add(page + ":" + line + ": a figure without a link to AWS's page: " + shown);
        }
    }

    /** One line per link that names AWS in its host but is not https on {@link #AWS_HOSTS}. */
    static List<String> problems(String page, String markdown) {
        var problems = new ArrayList<String>();
        Matcher link = LINK.matcher(markdown);
        while (link.find()) {
            String url = link.group(1);
            String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
            boolean namesAws = host.contains("aws") || host.contains("amazon");
            if (!namesAws || AWS_TOOLS.contains(host)) {
                continue;
            }
            if (!url.startsWith("https://") || !AWS_HOSTS.contains(host)) {
                problems.add(page + ": " + url + " is not an https link to " + AWS_HOSTS);
            }
        }
        return problems;
    }
}
