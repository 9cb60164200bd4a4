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

    private AwsLinks() {}

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
