package io.metadiv.diversity.api;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.databind.json.JsonMapper;

/** Stores a {@code double[][]} (distance matrix, embeddings) as a JSON text column. */
@Converter
class MatrixJson implements AttributeConverter<double[][], String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String convertToDatabaseColumn(double[][] matrix) {
        return matrix == null ? null : JSON.writeValueAsString(matrix);
    }

    @Override
    public double[][] convertToEntityAttribute(String text) {
        return text == null ? null : JSON.readValue(text, double[][].class);
    }
}
