package io.metadiv.experiment;

import io.metadiv.training.RunSpec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.databind.json.JsonMapper;

/** Stores a {@link RunSpec} as a JSON text column. */
@Converter
class SpecJson implements AttributeConverter<RunSpec, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String convertToDatabaseColumn(RunSpec spec) {
        return spec == null ? null : JSON.writeValueAsString(spec);
    }

    @Override
    public RunSpec convertToEntityAttribute(String text) {
        return text == null ? null : JSON.readValue(text, RunSpec.class);
    }
}
