# Signs files with the code-signing certificate in $env:SIGNING_CERTIFICATE (a base64 .pfx) and
# $env:SIGNING_PASSWORD, time-stamped, then verifies each signature. Fails (exit 1) rather than
# leave a file unsigned once signing was asked for. Appends what was signed to signatures.txt.
#   pwsh packaging/windows/sign.ps1 dist\PolicyConsolidator\PolicyConsolidator.exe ...
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = 'Stop'

if (-not $env:SIGNING_CERTIFICATE) { throw 'SIGNING_CERTIFICATE is not set: nothing was signed.' }
$signtool = Get-ChildItem 'C:\Program Files (x86)\Windows Kits\10\bin' -Recurse -Filter signtool.exe |
    Where-Object { $_.FullName -match '\\x64\\' } | Sort-Object FullName | Select-Object -Last 1
if (-not $signtool) { throw 'signtool.exe (Windows SDK) was not found on this runner.' }

$pfx = Join-Path $env:RUNNER_TEMP 'signing.pfx'
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:SIGNING_CERTIFICATE))
try {
    foreach ($file in $Files) {
        & $signtool.FullName sign /f $pfx /p $env:SIGNING_PASSWORD /fd sha256 `
            /tr 'http://timestamp.digicert.com' /td sha256 /d 'Policy Consolidator' $file
        if ($LASTEXITCODE -ne 0) { throw "signtool could not sign $file." }
        & $signtool.FullName verify /pa $file
        if ($LASTEXITCODE -ne 0) { throw "The signature of $file does not verify." }
        $subject = (Get-AuthenticodeSignature $file).SignerCertificate.Subject
        Add-Content -Path signatures.txt -Value "$(Split-Path $file -Leaf): signed by $subject"
    }
} finally {
    Remove-Item $pfx -Force
}
