-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('OPENING_PR', 'PR_FAILED', 'PR_OPEN', 'MERGED', 'PROVISIONING_FAILED', 'PROVISIONED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('PENDING', 'APPROVED', 'CHANGES_REQUESTED');

-- CreateEnum
CREATE TYPE "ValueSource" AS ENUM ('GENERATED', 'CUSTODIAN');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "login" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecretRequest" (
    "id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "application" TEXT NOT NULL,
    "secretName" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "activeProviderName" TEXT,
    "namespace" TEXT NOT NULL,
    "kubernetesName" TEXT NOT NULL,
    "secretType" TEXT NOT NULL,
    "keyNames" TEXT[],
    "valueSource" "ValueSource" NOT NULL,
    "refreshInterval" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "justification" TEXT NOT NULL DEFAULT '',
    "status" "RequestStatus" NOT NULL,
    "reviewState" "ReviewState" NOT NULL DEFAULT 'PENDING',
    "statusDetail" TEXT,
    "requesterId" UUID NOT NULL,
    "pullRequestNumber" INTEGER,
    "pullRequestUrl" TEXT,
    "branchName" TEXT,
    "headSha" TEXT,
    "mergeCommitSha" TEXT,
    "mergedBy" TEXT,
    "secretArn" TEXT,
    "secretVersionId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "mergedAt" TIMESTAMPTZ(3),
    "provisionedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SecretRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "requestId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" TIMESTAMPTZ(3),
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_login_key" ON "User"("login");

-- CreateIndex
CREATE UNIQUE INDEX "SecretRequest_activeProviderName_key" ON "SecretRequest"("activeProviderName");

-- CreateIndex
CREATE INDEX "SecretRequest_requesterId_idx" ON "SecretRequest"("requesterId");

-- CreateIndex
CREATE INDEX "SecretRequest_status_idx" ON "SecretRequest"("status");

-- CreateIndex
CREATE INDEX "SecretRequest_environment_application_idx" ON "SecretRequest"("environment", "application");

-- CreateIndex
CREATE INDEX "SecretRequest_pullRequestNumber_idx" ON "SecretRequest"("pullRequestNumber");

-- CreateIndex
CREATE INDEX "AuditEvent_requestId_createdAt_idx" ON "AuditEvent"("requestId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- AddForeignKey
ALTER TABLE "SecretRequest" ADD CONSTRAINT "SecretRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SecretRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
