# Authenticode-sign Windows files with signtool (release workflow, when WINDOWS_CERTIFICATE is set).
#   ./packaging/windows/sign.ps1 FILE [FILE ...]
# WINDOWS_CERTIFICATE: the code-signing certificate as a base64-encoded .pfx;
# WINDOWS_CERTIFICATE_PASSWORD: its password. The .pfx is written to the runner's temp folder
# and removed again, whatever happens. Each file is timestamped (RFC 3161) and verified.
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = 'Stop'

if (-not $env:WINDOWS_CERTIFICATE) { throw 'WINDOWS_CERTIFICATE is not set' }
$kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
$signtool = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe |
    Where-Object { $_.FullName -match '\\x64\\' } |
    Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) { throw "signtool.exe not found under $kits" }

$pfx = Join-Path $env:RUNNER_TEMP 'wortlaut-signing.pfx'
try {
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
    foreach ($file in $Files) {
        & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
            /tr 'http://timestamp.digicert.com' /td SHA256 /d 'Wortlaut' $file
        if ($LASTEXITCODE -ne 0) { throw "signtool could not sign $file" }
        & $signtool.FullName verify /pa $file
        if ($LASTEXITCODE -ne 0) { throw "the signature of $file does not verify" }
    }
}
finally {
    Remove-Item -Force -ErrorAction SilentlyContinue $pfx
}
