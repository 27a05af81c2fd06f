-- AlterEnum
ALTER TYPE "ArtifactFormat" ADD VALUE 'automl';
