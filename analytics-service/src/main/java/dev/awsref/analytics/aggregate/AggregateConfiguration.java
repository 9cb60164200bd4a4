package dev.awsref.analytics.aggregate;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

@Configuration(proxyBeanMethods = false)
class AggregateConfiguration {

    @Bean
    RedisAggregates redisAggregates(
            StringRedisTemplate redis, EnvironmentTopology names, AnalyticsProperties properties) {
        return new RedisAggregates(
                redis,
                RedisAggregates.namespaceOf(names.prefix()),
                properties.aggregates().recentEvents(),
                properties.aggregates().duplicateWindow());
    }

    @Bean
    DailyActivityTable dailyActivityTable(DynamoDbAsyncClient dynamo, EnvironmentTopology names) {
        return new DailyActivityTable(dynamo, names.table(ReferenceTopology.USER_ACTIVITY_DAILY_TABLE));
    }
}
