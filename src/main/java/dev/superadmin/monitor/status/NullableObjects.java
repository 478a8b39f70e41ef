package dev.superadmin.monitor.status;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Completes what the generator writes for a nullable record field ({@code lastError}): it offers
 * {@code anyOf: [$ref, null]} but also states {@code type: object}, which forbids the null it means to allow. Runs
 * when the document is built, at build time (smallrye-open-api-maven-plugin in pom.xml).
 */
public class NullableObjects implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        List<Schema> anyOf = schema.getAnyOf();
        boolean allowsNull = anyOf != null && anyOf.stream()
                .anyMatch(option -> option.getType() != null && option.getType().equals(List.of(SchemaType.NULL)));
        if (allowsNull && List.of(SchemaType.OBJECT).equals(schema.getType())) {
            schema.addType(SchemaType.NULL);
        }
        return schema;
    }
}
