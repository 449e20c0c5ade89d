package org.atrium.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The API description at {@code /v3/api-docs}, usable from Swagger UI, also split in two groups: the platform API
 * ({@code /v3/api-docs/platform}) and the tenant API ({@code /v3/api-docs/tenant}, what a tenant key can call). Each
 * has a bearer scheme (so "Authorize" takes a platform key, or a tenant key), the problem responses every operation
 * can give, JSON merge patch bodies described as the resource they change, and an example body for every request
 * that takes one.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI atriumOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null ? properties.getVersion()
                : ApiDocumentation.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("Atrium API").version(version == null ? "development" : version)
                        .description("The control plane of a multi-tenant SaaS: tenants, plans, subscriptions, "
                                + "wallets, invoices, usage and entitlements. Errors are RFC 9457 problems "
                                + "(application/problem+json); every type is described at /problems/{kind}."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("atr_sk_…")
                                .description("A platform API key: Authorization: Bearer atr_sk_…"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Everything under {@code /api}: what the product's backend and the platform's staff call with platform keys. */
    @Bean
    GroupedOpenApi platformApi() {
        return GroupedOpenApi.builder().group("platform").displayName("Platform API").pathsToMatch("/api/**")
                .addOpenApiCustomizer(openApi -> openApi.info(new Info().title("Atrium platform API")
                        .version(openApi.getInfo().getVersion()).description(openApi.getInfo().getDescription())))
                .build();
    }

    /**
     * The operations a tenant API key can call (as the developer module's route rules say), each for the key's own
     * tenant only, with the bearer scheme described for tenant keys.
     */
    @Bean
    GroupedOpenApi tenantApi(ObjectProvider<TenantApiRoutes> routes) {
        return GroupedOpenApi.builder().group("tenant").displayName("Tenant API").pathsToMatch("/api/**")
                .addOpenApiCustomizer(openApi -> {
                    TenantApiRoutes reach = routes.getIfAvailable();
                    if (openApi.getPaths() != null) {
                        openApi.getPaths().entrySet().removeIf(entry -> {
                            PathItem item = entry.getValue();
                            item.readOperationsMap().keySet().forEach(method -> {
                                if (reach == null || !reach.includes(method.name(), entry.getKey())) {
                                    item.operation(method, null);
                                }
                            });
                            return item.readOperationsMap().isEmpty();
                        });
                    }
                    openApi.info(new Info().title("Atrium tenant API").version(openApi.getInfo().getVersion())
                            .description(TENANT_API));
                    if (openApi.getComponents() != null && openApi.getComponents().getSecuritySchemes() != null) {
                        Map<String, SecurityScheme> schemes = new LinkedHashMap<>(
                                openApi.getComponents().getSecuritySchemes());
                        schemes.put(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("atr_live_…").description("A tenant API key: Authorization: Bearer "
                                        + "atr_live_… (atr_test_… for a sandbox tenant)"));
                        openApi.getComponents().setSecuritySchemes(schemes);
                    }
                }).build();
    }

    private static final String TENANT_API = "What a tenant's own software calls with a tenant API key (atr_live_… "
            + "or, for a sandbox tenant, atr_test_…): its own tenant's resources only, each operation behind a scope "
            + "(<resource>:read or <resource>:write). Another tenant's resources answer 404, platform operations 403. "
            + "Every call counts toward the plan's api_calls_daily and the rate limit (RateLimit-* headers; 429 with "
            + "Retry-After), is refused while the tenant is suspended (403 tenant-suspended), may only read while it "
            + "is read-only (403 subscription-read-only), and is recorded in the API usage log.";

    @Bean
    GlobalOpenApiCustomizer problemsPatchesAndExamples() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            if (openApi.getComponents().getSchemas() == null
                    || !openApi.getComponents().getSchemas().containsKey(PROBLEM)) {
                openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(path, method, operation)));
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = path.startsWith("/api/v1/public/");
        if (open) {
            operation.setSecurity(List.of()); // no key needed
        }
        if (method == PathItem.HttpMethod.PATCH) {
            documentPatch(operation);
        }
        Object example = ApiExamples.BODIES.get(method.name() + " " + path);
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null && example != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(example));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Bad input: malformed JSON, a wrong type, an unknown or invalid field (named in errors)");
        if (!open) {
            problems.put("401", "No credentials, or unknown, expired or revoked ones");
            problems.put("403", "The key lacks the permission, which the problem names");
        }
        if (path.contains("{")) {
            problems.put("404", "The resource does not exist");
        }
        if (method != PathItem.HttpMethod.GET) {
            problems.put("409", "The resource's state does not allow this, or a key or reference was used before");
        }
        problems.put("500", "An unexpected failure, logged with the request id given in detail");
        problems.forEach((code, description) -> {
            ApiResponse existing = responses.get(code);
            if (existing == null) {
                responses.addApiResponse(code, problem(description));
            } else {
                existing.setContent(problemContent());
                if (existing.getDescription() == null || existing.getDescription().isBlank()) {
                    existing.setDescription(description);
                }
            }
        });
    }

    /** A merge patch is a partial resource: its body is described by the resource the operation answers with. */
    private static void documentPatch(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Schema<?> resource = null;
        ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
        if (ok != null && ok.getContent() != null) {
            resource = ok.getContent().values().stream().map(MediaType::getSchema)
                    .filter(s -> s != null && (s.get$ref() != null || "object".equals(s.getType())
                            || (s.getTypes() != null && s.getTypes().contains("object"))))
                    .findFirst().orElse(null);
        }
        Schema<?> body = resource != null ? resource
                : new ObjectSchema().additionalProperties(Boolean.TRUE);
        Content content = new Content();
        for (String type : List.of("application/merge-patch+json", "application/json")) {
            content.addMediaType(type, new MediaType().schema(body));
        }
        operation.getRequestBody().setContent(content);
        operation.getRequestBody().setDescription("A JSON merge patch (RFC 7396) of the resource: the fields to "
                + "change; null removes an optional field");
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Schema<?> problemSchema() {
        Schema errors = new MapSchema().additionalProperties(new StringSchema())
                .description("For validation: each offending field and what is wrong with it");
        return new ObjectSchema().description("An RFC 9457 problem document")
                .addProperty("type", new StringSchema().example("/problems/validation")
                        .description("Stable kind of problem; GET it for a description"))
                .addProperty("title", new StringSchema().example("Validation"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("amount must be greater than zero."))
                .addProperty("instance", new StringSchema().example("/api/v1/tenants/acme-loans/wallet/credits"))
                .addProperty("errors", errors)
                .addProperty("permission", new StringSchema()
                        .description("For 403: the permission the credentials lack"))
                .addProperty("requiredAmount", new StringSchema().description("For 402: the amount needed"));
    }
}
