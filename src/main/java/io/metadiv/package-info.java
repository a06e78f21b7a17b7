/** Metadiv: dataset diversity (Task2Vec) and meta-learning (MAML vs pre-training) as a service. */
package io.metadiv;
