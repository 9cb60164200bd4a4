package dev.awsref.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every AWS limit in the docs links to AWS's page next to it (docs/README.md says on which date they
 * were checked). This test holds those links to AWS's own hosts over HTTPS, and every figure in a
 * page's "The AWS limits that matter" section to a link in its own row or bullet: see {@link
 * AwsLinks}.
 */
class AwsLinksDocTest {

    private static final Path ROOT = ProjectRoot.find();

    @Test
    void everyLinkToAnAwsPageInTheDocsIsHttpsOnDocsAwsAmazonComOrAwsAmazonCom() throws IOException {
        List<Path> pages = pages();
        var problems = new ArrayList<String>();
        int awsLinks = 0;
        for (Path page : pages) {
            String markdown = Files.readString(page);
            awsLinks += markdown.split("\\]\\(https://(docs\\.)?aws\\.amazon\\.com/", -1).length - 1;
            problems.addAll(AwsLinks.problems(ROOT.relativize(page).toString(), markdown));
        }

        assertThat(awsLinks).as("links to AWS's pages in the docs").isGreaterThan(100);
        assertThat(problems).as("links to AWS that are not AWS's own pages").isEmpty();
    }

    @Test
    void everyFigureInAPageSectionOfAwsLimitsLinksToAwsPageInTheSameItem() throws IOException {
        var problems = new ArrayList<String>();
        int pagesWithLimits = 0;
        for (Path page : pages()) {
            String markdown = Files.readString(page);
            if (markdown.contains("limits that matter")) {
                pagesWithLimits++;
            }
            problems.addAll(AwsLinks.unlinkedLimits(ROOT.relativize(page).toString(), markdown));
        }

        assertThat(pagesWithLimits).as("pages with a section of AWS limits").isGreaterThan(5);
        assertThat(problems)
                .as("AWS limits stated without AWS's page next to them")
                .isEmpty();
    }

    @Test
    void aFigureWithoutAnAwsLinkInItsRowOrBulletIsReportedAndALinkedOrDisclaimedOneIsNot() {
        String page = """
                # Queues

                | limit | value | what it means here |
                |---|---|---|
                | retention | 60 s to 14 days ([AWS](https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)) | 4 days here |
                | visibility | 0 s to 12 hours | 30 s here |
                | item size | 1 MB by default, the engine's own, not AWS quotas | fits |
                | filter scope | attributes or body | JSON bodies, 1 filter per subscription here |

                - Batch size: 1 to 10 messages
                  ([AWS](https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html)).
                - A receive waits up to 20 s
                  on a long poll.

                ## The AWS limits that matter

                | limit | value |
                |---|---|
                | in-flight | 120,000 per FIFO queue |
                | names | up to 80 characters ([blog](https://example.com/80)) |
                | S3 events | none to a FIFO queue ([AWS](https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html)) |

                ## Elsewhere

                A shard takes 1 MB/s of writes.
                """;

        assertThat(AwsLinks.unlinkedLimits("page.md", page))
                .as("the section starts at its heading, so the table before it is not read")
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("page.md:19:").contains("120,000"))
                .anySatisfy(p -> assertThat(p).startsWith("page.md:20:").contains("80 characters"));
        assertThat(AwsLinks.unlinkedLimits("page.md", page.replace("# Queues", "## The AWS limits that matter")))
                .as("in the section: the unlinked visibility row and the bullet of two lines are reported too")
                .anySatisfy(p -> assertThat(p).startsWith("page.md:6:").contains("12 hours"))
                .anySatisfy(p -> assertThat(p).startsWith("page.md:12:").contains("on a long poll"))
                .allSatisfy(p -> assertThat(p)
                        .doesNotContain("retention")
                        .doesNotContain("item size")
                        .doesNotContain("filter scope")
                        .doesNotContain("Batch size"))
                .hasSize(4);
    }

    /** README.md and every Markdown page under docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void aLinkOverPlainHttpToAMirrorOrToTheChinaPartitionIsReportedAndOthersAreNot() {
        String page = """
                [ok](https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html)
                [blog](https://aws.amazon.com/blogs/mt/using-the-unified-cloudwatch-agent-to-send-traces-to-aws-x-ray/)
                [plain](http://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html)
                [china](https://docs.amazonaws.cn/en_us/sns/latest/dg/fifo-message-delivery.html)
                [proxy](https://docs---aws.amazon.com.rproxy.goskope.com/sns/latest/dg/fifo-message-delivery.html)
                [spring](https://docs.spring.io/spring-boot/index.html)
                [calculator](https://calculator.aws/)
                """;

        assertThat(AwsLinks.problems("page.md", page))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("http://docs.aws.amazon.com/"))
                .anySatisfy(p -> assertThat(p).contains("docs.amazonaws.cn"))
                .anySatisfy(p -> assertThat(p).contains("rproxy.goskope.com"));
    }
}
